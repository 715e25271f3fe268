-- networks: episode plays by their show's network (docs/credits.md); a show
-- without one is counted under (unknown). Parameters: $tz, $year (or null).
with plays as (
  select * from int_plays_in_year($tz, $year)
),

episode_plays as (
  select show_trakt_id, minutes
  from plays
  where media_type = 'episode'
),

show_rows as (
  select show_trakt_id as trakt_id, network from dim_shows
),

final as (
  select
    coalesce(nullif(show_rows.network, ''), '(unknown)') as network,
    count(*) as plays,
    sum(episode_plays.minutes) as minutes,
    count(distinct episode_plays.show_trakt_id) as shows
  from episode_plays
  left join show_rows on show_rows.trakt_id = episode_plays.show_trakt_id
  group by all
)

select * from final
order by minutes desc, network asc
