-- watch-time: plays and minutes per local period.
-- Parameters: $tz (IANA zone), $year (local year or null), $by (year|month|week|day).
-- Periods: 2024, 2024-03, 2024-W09 (ISO week of the ISO year), 2024-03-01.
with plays as (
  select * from int_plays_in_year($tz, $year)
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
  from plays
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
