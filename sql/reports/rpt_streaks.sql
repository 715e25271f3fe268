-- streaks: runs of consecutive local calendar days with at least one play.
-- The current streak is the run that ends on the most recent local day with a
-- play (within --year when given), however long ago that day was.
-- Parameters: $tz, $year (or null). Always one row.
with plays as (
  select * from int_plays_in_year($tz, $year)
),

play_days as (
  select distinct cast(local_at as date) as play_day
  from plays
),

islands as (
  -- Consecutive days share (day - its rank): the gaps-and-islands trick.
  select
    play_day,
    play_day - cast(row_number() over (order by play_day) as integer) as island
  from play_days
),

runs as (
  select
    min(play_day) as start_day,
    max(play_day) as end_day,
    count(*) as days
  from islands
  group by island
),

longest as (
  select * from runs
  order by days desc, start_day asc
  limit 1
),

latest as (
  select * from runs
  order by end_day desc
  limit 1
),

final as (
  select
    coalesce(longest.days, 0) as longest_days,
    strftime(longest.start_day, '%Y-%m-%d') as longest_start,
    strftime(longest.end_day, '%Y-%m-%d') as longest_end,
    coalesce(latest.days, 0) as current_days,
    strftime(latest.start_day, '%Y-%m-%d') as current_start
  from (select 1 as one) as single_row
  left join longest on true
  left join latest on true
)

select * from final
