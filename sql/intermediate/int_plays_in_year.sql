-- materialized: macro(tz, year)
-- The plays of one local year (every play when year is null), each with
-- local_at as wall time in the zone tz: fct_plays' columns, with local_tz =
-- tz. Every report that speaks of local days, hours or years reads this:
--   select * from int_plays_in_year($tz, $year)
--
-- fct_plays.local_at is precomputed for the account's zone; any other zone
-- is converted here. A local year lies within a day of the same UTC year
-- (UTC offsets span -12 h to +14 h), so only the plays of that UTC window
-- are converted at all.
with plays as (
  select * from fct_plays
  where year is null
    or watched_at between make_timestamptz(cast(year as integer) - 1, 12, 31, 0, 0, 0)
                      and make_timestamptz(cast(year as integer) + 1, 1, 2, 0, 0, 0)
),

localized as (
  select
    * replace (
      tz as local_tz,
      case when local_tz = tz then local_at else timezone(tz, watched_at) end as local_at
    )
  from plays
),

final as (
  select * from localized
  where year is null or year(local_at) = year
)

select * from final
