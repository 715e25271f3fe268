-- top-people: the people credited on what was watched, by plays in one
-- department (docs/credits.md). A play counts once for each distinct person
-- credited in that department on its movie, or on its episode's show (shows'
-- credits are show-level); `titles` is the number of distinct movies and shows
-- watched with that person. Empty without `--with credits`.
-- Parameters: $tz, $year (or null), $department, $limit.
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

per_title as (
  -- Count plays per title first: the people are the title's, so each title's
  -- totals are spread over its few people, not every play.
  select title_type, title_trakt_id, count(*) as plays, sum(minutes) as minutes
  from title_plays
  group by title_type, title_trakt_id
),

credited as (
  select distinct media_type, trakt_id, person_trakt_id
  from credits
  where department = $department
),

per_person as (
  select
    credited.person_trakt_id,
    sum(per_title.plays) as plays,
    sum(per_title.minutes) as minutes,
    count(*) as titles
  from per_title
  inner join credited
    on credited.media_type = per_title.title_type
    and credited.trakt_id = per_title.title_trakt_id
  group by credited.person_trakt_id
),

final as (
  select
    per_person.person_trakt_id,
    coalesce(people.name, '(unknown)') as name,
    per_person.plays,
    per_person.minutes,
    per_person.titles
  from per_person
  left join people on people.trakt_id = per_person.person_trakt_id
)

select * from final
order by plays desc, minutes desc, name asc, person_trakt_id asc
limit $limit
