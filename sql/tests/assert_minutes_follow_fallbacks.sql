-- Every play has positive minutes, and only the 42/90 defaults are estimates.
with facts as (
  select * from fct_plays
),

final as (
  select history_id, media_type, minutes, estimated, runtime_source
  from facts
  where minutes is null
    or minutes <= 0
    or estimated <> (runtime_source = 'default')
    or (runtime_source = 'default' and minutes <> case when media_type = 'movie' then 90 else 42 end)
)

select * from final
