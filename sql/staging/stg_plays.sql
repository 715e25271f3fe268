-- One row per history entry (a play). watched_at stays TIMESTAMPTZ (UTC);
-- local time is derived at report time because --tz is a report option.
with source as (
  select * from plays
),

renamed as (
  select
    cast(history_id as bigint) as history_id,
    watched_at,
    action,
    media_type,
    cast(movie_trakt_id as bigint) as movie_trakt_id,
    cast(show_trakt_id as bigint) as show_trakt_id,
    cast(episode_trakt_id as bigint) as episode_trakt_id
  from source
),

final as (
  select * from renamed
)

select * from final
