-- top-shows: shows by minutes of episode plays in the local year (or ever).
-- Parameters: $tz, $year (or null), $limit.
-- Order: minutes desc, title, then the tie rule (earlier first play, smaller id).
with plays as (
  -- A local year lies within a day of the same UTC year (UTC offsets span
  -- -12 h to +14 h), so only those plays are converted to local time below.
  select * from fct_plays
  where $year is null
    or watched_at between make_timestamptz(cast($year as integer) - 1, 12, 31, 0, 0, 0)
                      and make_timestamptz(cast($year as integer) + 1, 1, 2, 0, 0, 0)
),

episode_plays as (
  select
    show_trakt_id,
    title,
    episode_trakt_id,
    minutes,
    watched_at,
    case when local_tz = $tz then local_at else timezone($tz, watched_at) end as local_at
  from plays
  where media_type = 'episode'
),

in_year as (
  select * from episode_plays
  where $year is null or year(local_at) = $year
),

final as (
  select
    show_trakt_id,
    title,
    count(*) as episode_plays,
    count(distinct episode_trakt_id) as distinct_episodes,
    sum(minutes) as minutes,
    min(watched_at) as first_watched_at,
    max(watched_at) as last_watched_at
  from in_year
  group by show_trakt_id, title
)

select * from final
order by minutes desc, title asc nulls last, first_watched_at asc, show_trakt_id asc
limit $limit
