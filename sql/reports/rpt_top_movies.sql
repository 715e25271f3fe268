-- top-movies: movies by plays in the local year (or ever).
-- Parameters: $tz, $year (or null), $limit.
-- Order: plays desc, minutes desc, title, then the tie rule (earlier last play, smaller id).
with plays as (
  select * from int_plays_in_year($tz, $year)
),

movie_plays as (
  select
    movie_trakt_id,
    title,
    movie_year,
    minutes,
    watched_at
  from plays
  where media_type = 'movie'
),

final as (
  select
    movie_trakt_id,
    title,
    movie_year as year,
    count(*) as plays,
    sum(minutes) as minutes,
    max(watched_at) as last_watched_at
  from movie_plays
  group by movie_trakt_id, title, movie_year
)

select * from final
order by plays desc, minutes desc, title asc nulls last, last_watched_at asc, movie_trakt_id asc
limit $limit
