-- materialized: table
-- One row per show. aired_episodes is Trakt's count, which leaves specials out.
with shows as (
  select * from stg_shows
),

final as (
  select
    show_trakt_id,
    show_title,
    show_year,
    runtime_min,
    genres,
    aired_episodes,
    status,
    network,
    country,
    first_aired
  from shows
)

select * from final
