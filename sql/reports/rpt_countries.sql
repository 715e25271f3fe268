-- countries: every play by its movie's or its show's country (docs/credits.md);
-- a title without one is counted under (unknown). Parameters: $tz, $year (or null).
with plays as (
  select * from int_plays_in_year($tz, $year)
),

title_plays as (
  select
    case when media_type = 'movie' then 'movie' else 'show' end as title_type,
    case when media_type = 'movie' then movie_trakt_id else show_trakt_id end as title_trakt_id,
    minutes
  from plays
),

countries as (
  select 'movie' as title_type, movie_trakt_id as trakt_id, country from dim_movies
  union all
  select 'show', show_trakt_id, country from dim_shows
),

final as (
  select
    coalesce(nullif(countries.country, ''), '(unknown)') as country,
    count(*) as plays,
    sum(title_plays.minutes) as minutes,
    count(distinct (title_plays.title_type, title_plays.title_trakt_id)) as titles
  from title_plays
  left join countries
    on countries.title_type = title_plays.title_type
    and countries.trakt_id = title_plays.title_trakt_id
  group by all
)

select * from final
order by minutes desc, country asc
