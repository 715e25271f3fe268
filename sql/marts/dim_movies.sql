-- materialized: table
-- One row per movie known to the account's payloads.
with movies as (
  select * from stg_movies
),

final as (
  select
    movie_trakt_id,
    movie_title,
    movie_year,
    runtime_min,
    genres,
    released,
    certification,
    country,
    language,
    community_rating,
    votes
  from movies
)

select * from final
