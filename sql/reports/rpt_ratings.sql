-- ratings: how many items carry each rating (1-10), per media type.
with rated as (
  select * from stg_ratings
),

final as (
  select
    media_type,
    rating,
    count(*) as items
  from rated
  group by media_type, rating
)

select * from final
order by media_type asc, rating desc
