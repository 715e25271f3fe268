-- year-in-review: the totals of one local year. top_show, top_movie,
-- top_genre and longest_streak_days are the first rows of top-shows,
-- top-movies, genres and streaks for the same year: rpt_year_in_review.json
-- names them ("first_row_of") and the report runner adds them, so that each
-- ranking is defined once.
-- Parameters: $tz, $year (required). Always one row.
with plays as (
  select * from int_plays_in_year($tz, $year)
),

day_plays as (
  select
    media_type,
    movie_trakt_id,
    show_trakt_id,
    minutes,
    cast(local_at as date) as local_day
  from plays
),

totals as (
  select
    count(*) as plays,
    count(*) filter (where media_type = 'movie') as movie_plays,
    count(*) filter (where media_type = 'episode') as episode_plays,
    coalesce(sum(minutes), 0) as minutes,
    count(distinct movie_trakt_id) filter (where media_type = 'movie') as distinct_movies,
    count(distinct show_trakt_id) filter (where media_type = 'episode') as distinct_shows
  from day_plays
),

busiest as (
  select
    local_day,
    count(*) as day_plays
  from day_plays
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
