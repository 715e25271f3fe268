-- heatmap: plays and minutes per local weekday (1 = Monday, ISO) and hour.
-- Only cells with at least one play are listed.
-- Parameters: $tz, $year (or null).
with plays as (
  -- A local year lies within a day of the same UTC year (UTC offsets span
  -- -12 h to +14 h), so only those plays are converted to local time below.
  select * from fct_plays
  where $year is null
    or watched_at between make_timestamptz(cast($year as integer) - 1, 12, 31, 0, 0, 0)
                      and make_timestamptz(cast($year as integer) + 1, 1, 2, 0, 0, 0)
),

localized as (
  select
    case when local_tz = $tz then local_at else timezone($tz, watched_at) end as local_at,
    minutes
  from plays
),

in_year as (
  select * from localized
  where $year is null or year(local_at) = $year
),

final as (
  select
    isodow(local_at) as weekday,
    hour(local_at) as hour,
    count(*) as plays,
    sum(minutes) as minutes
  from in_year
  group by weekday, hour
)

select * from final
order by weekday asc, hour asc
