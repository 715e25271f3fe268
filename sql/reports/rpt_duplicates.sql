-- duplicates: plays of the same movie or episode within $window_minutes
-- (inclusive) after the previous play of it. The later play is flagged;
-- duplicate_of is the play just before it. Nothing is deleted.
-- Parameters: $window_minutes. Order: watched_at, trakt id, history id.
with plays as (
  select * from fct_plays
),

final as (
  -- fct_plays carries each play's previous play of the same item (previous_item_*).
  select
    history_id,
    previous_item_history_id as duplicate_of,
    media_type,
    item_trakt_id as trakt_id,
    watched_at
  from plays
  where previous_item_watched_at is not null
    and epoch_ms(watched_at) - epoch_ms(previous_item_watched_at) <= $window_minutes * 60000
)

select * from final
order by watched_at asc, trakt_id asc, history_id asc
