-- binges: maximal runs of consecutive plays (all plays, in time order) that
-- are episodes of one show, each within $gap_hours (inclusive, real elapsed
-- time) of the play before, with at least $min_episodes plays. A movie or
-- another show's episode in between ends the run.
-- Parameters: $gap_hours, $min_episodes. Order: started_at, then show id.
with plays as (
  select * from fct_plays
),

flagged as (
  -- fct_plays carries the play just before each play (previous_*).
  select
    play_seq,
    media_type,
    show_trakt_id,
    title,
    watched_at,
    minutes,
    case
      when media_type = 'episode'
        and previous_media_type = 'episode'
        and show_trakt_id = previous_show_trakt_id
        and epoch_ms(watched_at) - epoch_ms(previous_watched_at) <= $gap_hours * 3600000
        then 0
      else 1
    end as starts_run
  from plays
  -- A movie only separates runs, and the episode after it starts a run
  -- anyway (its previous play is not an episode), so movies can go now.
  where media_type = 'episode'
    and show_trakt_id is not null
),

numbered as (
  -- Runs are contiguous in time order: a run's number is the count of run
  -- starts up to and including its first play.
  select
    *,
    sum(starts_run) over (order by play_seq rows unbounded preceding) as run_number
  from flagged
),

final as (
  select
    show_trakt_id,
    any_value(title) as title,
    min(watched_at) as started_at,
    max(watched_at) as ended_at,
    count(*) as episodes,
    sum(minutes) as minutes
  from numbered
  group by run_number, show_trakt_id
  having count(*) >= $min_episodes
)

select * from final
order by started_at asc, show_trakt_id asc
