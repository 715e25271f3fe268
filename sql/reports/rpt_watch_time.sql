-- watch-time: plays and minutes per local period.
-- Parameters: $tz (IANA zone), $year (local year or null), $by (year|month|week|day).
-- Periods: 2024, 2024-03, 2024-W09 (ISO week of the ISO year), 2024-03-01.
-- Local time: fct_plays.local_at is precomputed for the account's zone; any
-- other --tz is converted here.
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
    media_type,
    minutes,
    estimated
  from plays
),

in_year as (
  select * from localized
  where $year is null or year(local_at) = $year
),

per_period as (
  -- Truncate first and format once per period: an ISO week starts on the
  -- Monday whose ISO year and week number name it.
  select
    date_trunc($by, local_at) as period_start,
    count(*) as plays,
    count(*) filter (where media_type = 'movie') as movie_plays,
    count(*) filter (where media_type = 'episode') as episode_plays,
    coalesce(sum(minutes), 0) as minutes,
    coalesce(sum(minutes) filter (where estimated), 0) as estimated_minutes,
    coalesce(sum(minutes) filter (where media_type = 'movie'), 0) as movie_minutes,
    coalesce(sum(minutes) filter (where media_type = 'episode'), 0) as episode_minutes
  from in_year
  group by period_start
),

final as (
  select
    case $by
      when 'year' then strftime(period_start, '%Y')
      when 'month' then strftime(period_start, '%Y-%m')
      when 'week' then strftime(period_start, '%G-W%V')
      else strftime(period_start, '%Y-%m-%d')
    end as period,
    plays,
    movie_plays,
    episode_plays,
    minutes,
    estimated_minutes,
    movie_minutes,
    episode_minutes
  from per_period
)

select * from final
order by period
