-- One row per episode. A runtime of 0 means unknown (becomes null).
with source as (
  select * from episodes
),

renamed as (
  select
    cast(trakt_id as bigint) as episode_trakt_id,
    cast(show_trakt_id as bigint) as show_trakt_id,
    cast(season as integer) as season,
    cast(number as integer) as episode_number,
    title as episode_title,
    nullif(cast(runtime_min as integer), 0) as runtime_min,
    first_aired
  from source
),

final as (
  select * from renamed
)

select * from final
