-- show-progress: distinct episodes watched against the show's aired
-- episodes. Specials (season 0) are left out on both sides: Trakt's
-- aired_episodes does not count them. percent is rounded to one decimal
-- (null when the aired count is unknown).
-- Order: the tie rule (earlier last play first, then smaller show id).
with plays as (
  select * from fct_plays
),

shows as (
  select * from dim_shows
),

regular_episode_plays as (
  select
    show_trakt_id,
    episode_trakt_id,
    watched_at
  from plays
  where media_type = 'episode'
    and show_trakt_id is not null
    and coalesce(season, -1) <> 0
),

per_show as (
  select
    show_trakt_id,
    count(distinct episode_trakt_id) as watched_episodes,
    max(watched_at) as last_watched_at
  from regular_episode_plays
  group by show_trakt_id
),

final as (
  select
    per_show.show_trakt_id,
    shows.show_title as title,
    shows.aired_episodes,
    per_show.watched_episodes,
    round(100.0 * per_show.watched_episodes / nullif(shows.aired_episodes, 0), 1) as percent,
    per_show.last_watched_at
  from per_show
  left join shows on shows.show_trakt_id = per_show.show_trakt_id
)

select * from final
order by last_watched_at asc, show_trakt_id asc
