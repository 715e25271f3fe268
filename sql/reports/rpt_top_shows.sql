-- top-shows: shows by minutes of episode plays in the local year (or ever).
-- Parameters: $tz, $year (or null), $limit.
-- Order: minutes desc, title, then the tie rule (earlier first play, smaller id).
with plays as (
  select * from int_plays_in_year($tz, $year)
),

episode_plays as (
  select
    show_trakt_id,
    title,
    episode_trakt_id,
    minutes,
    watched_at
  from plays
  where media_type = 'episode'
),

final as (
  select
    show_trakt_id,
    title,
    count(*) as episode_plays,
    count(distinct episode_trakt_id) as distinct_episodes,
    sum(minutes) as minutes,
    min(watched_at) as first_watched_at,
    max(watched_at) as last_watched_at
  from episode_plays
  group by show_trakt_id, title
)

select * from final
order by minutes desc, title asc nulls last, first_watched_at asc, show_trakt_id asc
limit $limit
