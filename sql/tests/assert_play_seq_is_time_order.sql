-- play_seq numbers the plays 1..n in time order (ties by history_id).
with facts as (
  select * from fct_plays
),

expected as (
  select
    history_id,
    play_seq,
    row_number() over (order by watched_at, history_id) as expected_seq
  from facts
),

final as (
  select * from expected
  where play_seq <> expected_seq
)

select * from final
