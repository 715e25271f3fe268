-- One row per user per relation with the account (follower, following,
-- friend, request_in, request_out). Names stay out: other people's names are
-- personal data that reports never show (docs/account.md); `query` can read
-- the social table itself.
with source as (
  select * from social
),

renamed as (
  select
    relation,
    user_slug,
    since
  from source
),

final as (
  select * from renamed
)

select * from final
