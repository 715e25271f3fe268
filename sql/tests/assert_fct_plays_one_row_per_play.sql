-- fct_plays has exactly one row for each row of plays. Returns the offenders.
with plays_source as (
  select history_id from plays
),

facts as (
  select history_id, count(*) as copies
  from fct_plays
  group by history_id
),

final as (
  select
    coalesce(plays_source.history_id, facts.history_id) as history_id,
    coalesce(facts.copies, 0) as copies
  from plays_source
  full outer join facts on facts.history_id = plays_source.history_id
  where facts.copies is distinct from 1 or plays_source.history_id is null
)

select * from final
