-- One row per show. A runtime of 0 means unknown (becomes null).
with source as (
  select * from shows
),

renamed as (
  select
    cast(trakt_id as bigint) as show_trakt_id,
    slug as show_slug,
    title as show_title,
    cast(year as integer) as show_year,
    nullif(cast(runtime_min as integer), 0) as runtime_min,
    coalesce(genres, []::varchar[]) as genres,
    cast(aired_episodes as integer) as aired_episodes,
    status,
    network,
    country,
    first_aired
  from source
),

final as (
  select * from renamed
)

select * from final
