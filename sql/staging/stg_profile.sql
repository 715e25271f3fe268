-- The account (one row). timezone is the account's IANA zone from
-- /users/settings, the default local time of every report.
with source as (
  select * from profile
),

renamed as (
  select
    slug as user_slug,
    username,
    name,
    vip,
    joined_at,
    nullif(trim(timezone), '') as timezone
  from source
),

final as (
  select * from renamed
)

select * from final
