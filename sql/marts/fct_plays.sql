-- materialized: table
-- One row per play (history entry) with what every report needs: the item,
-- its titles, its minutes after the runtime fallbacks and its genres.
--
-- Minutes (docs/reports.md, "What the numbers mean"): the movie's or episode's runtime;
-- for an episode without one, its show's (not an estimate); without any,
-- Trakt's own fallbacks of 42 minutes an episode and 90 a movie, flagged
-- `estimated`. A runtime of 0 is unknown (stg_ models turn it into null).
--
-- watched_at is UTC. local_at is the same instant as wall time in the
-- account's time zone (local_tz: profile.timezone when DuckDB knows it, else
-- UTC), precomputed because it is what reports use unless --tz names another
-- zone. play_seq numbers all plays in time order (ties: smaller history_id);
-- previous_* describe the play just before (any item), previous_item_* the
-- previous play of the same movie or episode.
with play_rows as (
  select * from stg_plays
),

account as (
  select * from stg_profile
),

known_zones as (
  select name from pg_timezone_names()
),

local_zone as (
  select coalesce(
    (
      select account.timezone
      from account
      inner join known_zones on known_zones.name = account.timezone
      order by account.user_slug
      limit 1
    ),
    'UTC'
  ) as local_tz
),

movie_rows as (
  select * from dim_movies
),

episode_rows as (
  select * from dim_episodes
),

show_rows as (
  select * from dim_shows
),

joined as (
  select
    play_rows.history_id,
    play_rows.watched_at,
    play_rows.action,
    play_rows.media_type,
    play_rows.movie_trakt_id,
    coalesce(play_rows.show_trakt_id, episode_rows.show_trakt_id) as show_trakt_id,
    play_rows.episode_trakt_id,
    movie_rows.movie_title,
    movie_rows.movie_year,
    movie_rows.runtime_min as movie_runtime_min,
    movie_rows.genres as movie_genres,
    show_rows.show_title,
    show_rows.runtime_min as show_runtime_min,
    show_rows.genres as show_genres,
    episode_rows.season,
    episode_rows.episode_number,
    episode_rows.runtime_min as episode_runtime_min,
    episode_rows.episode_label
  from play_rows
  -- Each condition is a single equality, so DuckDB can hash-join; a play
  -- only looks up the kind of item its media_type names.
  left join movie_rows
    on movie_rows.movie_trakt_id
      = case when play_rows.media_type = 'movie' then play_rows.movie_trakt_id end
  left join episode_rows
    on episode_rows.episode_trakt_id
      = case when play_rows.media_type = 'episode' then play_rows.episode_trakt_id end
  left join show_rows
    on show_rows.show_trakt_id
      = case
        when play_rows.media_type = 'episode'
          then coalesce(play_rows.show_trakt_id, episode_rows.show_trakt_id)
      end
),

with_minutes as (
  select
    history_id,
    watched_at,
    action,
    media_type,
    movie_trakt_id,
    show_trakt_id,
    episode_trakt_id,
    case when media_type = 'movie' then movie_trakt_id else episode_trakt_id end as item_trakt_id,
    case when media_type = 'movie' then movie_title else show_title end as title,
    case when media_type = 'movie' then movie_title else coalesce(episode_label, show_title) end
      as item_label,
    movie_year,
    season,
    episode_number,
    case
      when media_type = 'movie' then coalesce(movie_runtime_min, 90)
      else coalesce(episode_runtime_min, show_runtime_min, 42)
    end as minutes,
    case
      when media_type = 'movie' then movie_runtime_min is null
      else episode_runtime_min is null and show_runtime_min is null
    end as estimated,
    case
      when media_type = 'movie' and movie_runtime_min is not null then 'movie'
      when media_type = 'movie' then 'default'
      when episode_runtime_min is not null then 'episode'
      when show_runtime_min is not null then 'show'
      else 'default'
    end as runtime_source,
    coalesce(case when media_type = 'movie' then movie_genres else show_genres end, []::varchar[])
      as genres
  from joined
),

localized as (
  select
    with_minutes.*,
    local_zone.local_tz,
    timezone(local_zone.local_tz, with_minutes.watched_at) as local_at
  from with_minutes
  cross join local_zone
),

sequenced as (
  -- Neighbours in time, computed once here so that binges and duplicates
  -- need no window of their own at report time.
  select
    *,
    row_number() over by_time as play_seq,
    lag(media_type) over by_time as previous_media_type,
    lag(show_trakt_id) over by_time as previous_show_trakt_id,
    lag(watched_at) over by_time as previous_watched_at,
    lag(history_id) over by_item as previous_item_history_id,
    lag(watched_at) over by_item as previous_item_watched_at
  from localized
  window
    by_time as (order by watched_at, history_id),
    by_item as (partition by media_type, item_trakt_id order by watched_at, history_id)
),

final as (
  select
    * replace (
      -- Plays of an unknown item share a null id; they are not plays of one item.
      case when item_trakt_id is not null then previous_item_history_id end as previous_item_history_id,
      case when item_trakt_id is not null then previous_item_watched_at end as previous_item_watched_at
    )
  from sequenced
)

select * from final
