-- binges: maximal runs of consecutive plays (all plays, in time order) that
-- are episodes of one show, each within $gap_hours (inclusive) of the play
-- before, with at least $min_episodes plays. A movie or another show's
-- episode in between ends the run.
-- Parameters: $gap_hours, $min_episodes. Order: started_at, then show id.
--
-- fct_plays.play_seq numbers all plays in time order, so "the play before
-- was an episode of the same show" is "the previous play of this show has
-- play_seq one less": the windows can be partitioned by show.
with plays as (
  select * from fct_plays
),

episode_plays as (
  select
    show_trakt_id,
    title,
    watched_at,
    minutes,
    play_seq,
    lag(play_seq) over by_show as previous_seq,
    lag(watched_at) over by_show as previous_watched_at
  from plays
  where media_type = 'episode'
    and show_trakt_id is not null
  window by_show as (partition by show_trakt_id order by play_seq)
),

flagged as (
  select
    *,
    case
      when previous_seq = play_seq - 1
        and epoch_ms(watched_at) - epoch_ms(previous_watched_at) <= $gap_hours * 3600000
        then 0
      else 1
    end as starts_run
  from episode_plays
),

numbered as (
  select
    *,
    sum(starts_run) over (
      partition by show_trakt_id order by play_seq rows unbounded preceding
    ) as run_number
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
  group by show_trakt_id, run_number
  having count(*) >= $min_episodes
)

select * from final
order by started_at asc, show_trakt_id asc
