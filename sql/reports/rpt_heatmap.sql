-- heatmap: plays and minutes per local weekday (1 = Monday, ISO) and hour.
-- Only cells with at least one play are listed.
-- Parameters: $tz, $year (or null).
with plays as (
  select * from fct_plays
),

localized as (
  select
    case when local_tz = $tz then local_at else timezone($tz, watched_at) end as local_at,
    minutes
  from plays
),

in_year as (
  select * from localized
  where $year is null or year(local_at) = $year
),

final as (
  select
    isodow(local_at) as weekday,
    hour(local_at) as hour,
    count(*) as plays,
    sum(minutes) as minutes
  from in_year
  group by weekday, hour
)

select * from final
order by weekday asc, hour asc
