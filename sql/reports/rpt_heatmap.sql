-- heatmap: plays and minutes per local weekday (1 = Monday, ISO) and hour.
-- Only cells with at least one play are listed.
-- Parameters: $tz, $year (or null).
with plays as (
  select * from int_plays_in_year($tz, $year)
),

final as (
  select
    isodow(local_at) as weekday,
    hour(local_at) as hour,
    count(*) as plays,
    sum(minutes) as minutes
  from plays
  group by weekday, hour
)

select * from final
order by weekday asc, hour asc
