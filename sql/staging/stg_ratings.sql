-- One row per rated item (movie, show, season, episode).
with source as (
  select * from ratings
),

renamed as (
  select
    media_type,
    cast(trakt_id as bigint) as trakt_id,
    cast(rating as integer) as rating,
    rated_at
  from source
),

final as (
  select * from renamed
)

select * from final
