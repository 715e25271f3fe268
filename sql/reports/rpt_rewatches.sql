-- rewatches: movies and episodes played more than once. An episode's title
-- reads "Show S01E02".
-- Order: the tie rule (smaller trakt id first), then media type.
with plays as (
  select * from fct_plays
),

per_item as (
  select
    media_type,
    item_trakt_id as trakt_id,
    any_value(item_label) as title,
    count(*) as plays
  from plays
  where item_trakt_id is not null
  group by media_type, item_trakt_id
),

final as (
  select * from per_item
  where plays > 1
)

select * from final
order by trakt_id asc, media_type asc
