-- Trakt's own totals from /users/{id}/stats, one row per fetch.
with source as (
  select * from stats_snapshots
),

renamed as (
  select
    fetched_at,
    movies_plays,
    movies_watched,
    movies_minutes,
    episodes_plays,
    episodes_watched,
    episodes_minutes,
    ratings_total,
    ratings_1,
    ratings_2,
    ratings_3,
    ratings_4,
    ratings_5,
    ratings_6,
    ratings_7,
    ratings_8,
    ratings_9,
    ratings_10,
    network_followers,
    network_following,
    network_friends
  from source
),

final as (
  select * from renamed
)

select * from final
