-- verify: local totals against the latest /users/{id}/stats snapshot (plays,
-- minutes, ratings, and the social graph's followers, following and friends).
-- Minutes use the same runtime fallbacks as every report. difference is
-- local minus Trakt (null when Trakt did not send the number).
with plays as (
  select * from fct_plays
),

rated as (
  select * from stg_ratings
),

people as (
  select * from stg_social
),

snapshots as (
  select * from stg_stats_snapshots
),

latest_snapshot as (
  select * from snapshots
  order by fetched_at desc
  limit 1
),

play_totals as (
  select
    count(*) filter (where media_type = 'movie') as movies_plays,
    count(*) filter (where media_type = 'episode') as episodes_plays,
    count(distinct movie_trakt_id) filter (where media_type = 'movie') as movies_watched,
    count(distinct episode_trakt_id) filter (where media_type = 'episode') as episodes_watched,
    coalesce(sum(minutes) filter (where media_type = 'movie'), 0) as movies_minutes,
    coalesce(sum(minutes) filter (where media_type = 'episode'), 0) as episodes_minutes
  from plays
),

rating_totals as (
  select
    count(*) filter (where rating = 1) as ratings_1,
    count(*) filter (where rating = 2) as ratings_2,
    count(*) filter (where rating = 3) as ratings_3,
    count(*) filter (where rating = 4) as ratings_4,
    count(*) filter (where rating = 5) as ratings_5,
    count(*) filter (where rating = 6) as ratings_6,
    count(*) filter (where rating = 7) as ratings_7,
    count(*) filter (where rating = 8) as ratings_8,
    count(*) filter (where rating = 9) as ratings_9,
    count(*) filter (where rating = 10) as ratings_10,
    count(*) as ratings_total
  from rated
),

network_totals as (
  select
    count(*) filter (where relation = 'follower') as network_followers,
    count(*) filter (where relation = 'following') as network_following,
    count(*) filter (where relation = 'friend') as network_friends
  from people
),

pairs as (
  select
    unnest([
      {'position': 1, 'metric': 'movies_plays', 'local': p.movies_plays, 'trakt': s.movies_plays},
      {'position': 2, 'metric': 'episodes_plays', 'local': p.episodes_plays, 'trakt': s.episodes_plays},
      {'position': 3, 'metric': 'movies_watched', 'local': p.movies_watched, 'trakt': s.movies_watched},
      {'position': 4, 'metric': 'episodes_watched', 'local': p.episodes_watched, 'trakt': s.episodes_watched},
      {'position': 5, 'metric': 'movies_minutes', 'local': p.movies_minutes, 'trakt': s.movies_minutes},
      {'position': 6, 'metric': 'episodes_minutes', 'local': p.episodes_minutes, 'trakt': s.episodes_minutes},
      {'position': 7, 'metric': 'ratings_1', 'local': r.ratings_1, 'trakt': s.ratings_1},
      {'position': 8, 'metric': 'ratings_2', 'local': r.ratings_2, 'trakt': s.ratings_2},
      {'position': 9, 'metric': 'ratings_3', 'local': r.ratings_3, 'trakt': s.ratings_3},
      {'position': 10, 'metric': 'ratings_4', 'local': r.ratings_4, 'trakt': s.ratings_4},
      {'position': 11, 'metric': 'ratings_5', 'local': r.ratings_5, 'trakt': s.ratings_5},
      {'position': 12, 'metric': 'ratings_6', 'local': r.ratings_6, 'trakt': s.ratings_6},
      {'position': 13, 'metric': 'ratings_7', 'local': r.ratings_7, 'trakt': s.ratings_7},
      {'position': 14, 'metric': 'ratings_8', 'local': r.ratings_8, 'trakt': s.ratings_8},
      {'position': 15, 'metric': 'ratings_9', 'local': r.ratings_9, 'trakt': s.ratings_9},
      {'position': 16, 'metric': 'ratings_10', 'local': r.ratings_10, 'trakt': s.ratings_10},
      {'position': 17, 'metric': 'ratings_total', 'local': r.ratings_total, 'trakt': s.ratings_total},
      {'position': 18, 'metric': 'network_followers', 'local': n.network_followers, 'trakt': s.network_followers},
      {'position': 19, 'metric': 'network_following', 'local': n.network_following, 'trakt': s.network_following},
      {'position': 20, 'metric': 'network_friends', 'local': n.network_friends, 'trakt': s.network_friends}
    ], recursive := true)
  from play_totals as p
  cross join rating_totals as r
  cross join network_totals as n
  cross join latest_snapshot as s
),

final as (
  select
    position,
    metric,
    cast("local" as bigint) as "local",
    cast(trakt as bigint) as trakt,
    cast("local" as bigint) - cast(trakt as bigint) as difference
  from pairs
)

select metric, "local", trakt, difference from final
order by position
