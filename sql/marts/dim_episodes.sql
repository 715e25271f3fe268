-- materialized: table
-- One row per episode, with its show's title and a readable label
-- ("Show S01E02") for reports that list episodes next to movies.
with episodes as (
  select * from stg_episodes
),

shows as (
  select * from stg_shows
),

joined as (
  select
    episodes.episode_trakt_id,
    episodes.show_trakt_id,
    shows.show_title,
    episodes.season,
    episodes.episode_number,
    episodes.episode_title,
    episodes.runtime_min,
    episodes.first_aired
  from episodes
  left join shows on shows.show_trakt_id = episodes.show_trakt_id
),

final as (
  select
    *,
    concat_ws(
      ' ',
      show_title,
      'S' || lpad(cast(season as varchar), 2, '0') || 'E' || lpad(cast(episode_number as varchar), 2, '0')
    ) as episode_label
  from joined
)

select * from final
