-- genres: plays and minutes per genre; a play counts once for each distinct
-- genre of its movie or (for an episode) its show. Plays without genres are left out.
-- Parameters: $tz, $year (or null).
with plays as (
  select * from int_plays_in_year($tz, $year)
),

title_plays as (
  select
    media_type,
    case when media_type = 'movie' then movie_trakt_id else show_trakt_id end as title_trakt_id,
    genres,
    minutes
  from plays
),

per_title as (
  -- Genres belong to the movie or show, so count plays per title first and
  -- spread the few titles over their genres, not every play.
  select
    media_type,
    title_trakt_id,
    any_value(genres) as genres,
    count(*) as plays,
    sum(minutes) as minutes
  from title_plays
  group by media_type, title_trakt_id
),

per_genre as (
  select
    unnest(list_distinct(genres)) as genre,
    plays,
    minutes
  from per_title
),

final as (
  select
    genre,
    sum(plays) as plays,
    sum(minutes) as minutes
  from per_genre
  group by genre
)

select * from final
order by minutes desc, genre asc
