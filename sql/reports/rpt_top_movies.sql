-- top-movies: movies by plays in the local year (or ever).
-- Parameters: $tz, $year (or null), $limit.
-- Order: plays desc, minutes desc, title, then the tie rule (earlier last play, smaller id).
with plays as (
  -- A local year lies within a day of the same UTC year (UTC offsets span
  -- -12 h to +14 h), so only those plays are converted to local time below.
  select * from fct_plays
  where $year is null
    or watched_at between make_timestamptz(cast($year as integer) - 1, 12, 31, 0, 0, 0)
                      and make_timestamptz(cast($year as integer) + 1, 1, 2, 0, 0, 0)
),

movie_plays as (
  select
    movie_trakt_id,
    title,
    movie_year,
    minutes,
    watched_at,
    case when local_tz = $tz then local_at else timezone($tz, watched_at) end as local_at
  from plays
  where media_type = 'movie'
),

in_year as (
  select * from movie_plays
  where $year is null or year(local_at) = $year
),

final as (
  select
    movie_trakt_id,
    title,
    movie_year as year,
    count(*) as plays,
    sum(minutes) as minutes,
    max(watched_at) as last_watched_at
  from in_year
  group by movie_trakt_id, title, movie_year
)

select * from final
order by plays desc, minutes desc, title asc nulls last, last_watched_at asc, movie_trakt_id asc
limit $limit
