-- One row per movie, as stored from Trakt payloads.
-- A runtime of 0 means Trakt does not know it, so it becomes null here and
-- the play falls back to the default (docs/reports.md, "What the numbers mean").
with source as (
  select * from movies
),

renamed as (
  select
    cast(trakt_id as bigint) as movie_trakt_id,
    slug as movie_slug,
    title as movie_title,
    cast(year as integer) as movie_year,
    nullif(cast(runtime_min as integer), 0) as runtime_min,
    coalesce(genres, []::varchar[]) as genres,
    released,
    certification,
    country,
    language,
    community_rating,
    votes
  from source
),

final as (
  select * from renamed
)

select * from final
