-- genres: plays and minutes per genre; a play counts once for each distinct
-- genre of its movie or (for an episode) its show. Plays without genres are left out.
-- Parameters: $tz, $year (or null).
with plays as (
  select * from fct_plays
),

in_year as (
  select genres, minutes
  from plays
  where $year is null or year(case when local_tz = $tz then local_at else timezone($tz, watched_at) end) = $year
),

per_genre as (
  select
    unnest(list_distinct(genres)) as genre,
    minutes
  from in_year
),

final as (
  select
    genre,
    count(*) as plays,
    sum(minutes) as minutes
  from per_genre
  group by genre
)

select * from final
order by minutes desc, genre asc
