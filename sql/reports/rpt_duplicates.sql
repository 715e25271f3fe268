-- duplicates: plays of the same movie or episode within $window_minutes
-- (inclusive) after the previous play of it. The later play is flagged;
-- duplicate_of is the play just before it. Nothing is deleted.
-- Parameters: $window_minutes. Order: watched_at, trakt id, history id.
with plays as (
  select * from fct_plays
),

item_plays as (
  select
    history_id,
    media_type,
    item_trakt_id as trakt_id,
    watched_at,
    lag(history_id) over per_item as previous_history_id,
    lag(watched_at) over per_item as previous_watched_at
  from plays
  where item_trakt_id is not null
  window per_item as (partition by media_type, item_trakt_id order by watched_at, history_id)
),

final as (
  select
    history_id,
    previous_history_id as duplicate_of,
    media_type,
    trakt_id,
    watched_at
  from item_plays
  where previous_watched_at is not null
    and epoch_ms(watched_at) - epoch_ms(previous_watched_at) <= $window_minutes * 60000
)

select * from final
order by watched_at asc, trakt_id asc, history_id asc
