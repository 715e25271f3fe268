-- year-in-review: the totals of one local year. top_show, top_movie,
-- top_genre and longest_streak_days are the first rows of top-shows,
-- top-movies, genres and streaks for the same year; the report runner adds
-- them so that the definitions live in one place.
-- Parameters: $tz, $year (required). Always one row.
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
    media_type,
    movie_trakt_id,
    show_trakt_id,
    minutes,
    case when local_tz = $tz then local_at else timezone($tz, watched_at) end as local_at
  from plays
),

in_year as (
  select
    media_type,
    movie_trakt_id,
    show_trakt_id,
    minutes,
    cast(local_at as date) as local_day
  from localized
  where year(local_at) = $year
),

totals as (
  select
    count(*) as plays,
    count(*) filter (where media_type = 'movie') as movie_plays,
    count(*) filter (where media_type = 'episode') as episode_plays,
    coalesce(sum(minutes), 0) as minutes,
    count(distinct movie_trakt_id) filter (where media_type = 'movie') as distinct_movies,
    count(distinct show_trakt_id) filter (where media_type = 'episode') as distinct_shows
  from in_year
),

busiest as (
  select
    local_day,
    count(*) as day_plays
  from in_year
  group by local_day
  order by day_plays desc, local_day asc
  limit 1
),

final as (
  select
    cast($year as integer) as year,
    totals.plays,
    totals.movie_plays,
    totals.episode_plays,
    totals.minutes,
    totals.distinct_movies,
    totals.distinct_shows,
    strftime(busiest.local_day, '%Y-%m-%d') as busiest_day,
    coalesce(busiest.day_plays, 0) as busiest_day_plays
  from totals
  left join busiest on true
)

select * from final
