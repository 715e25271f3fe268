import { BatchBuilder } from './batch.ts';
import { Fields } from './fields.ts';
import type { RowBatch } from './rows.ts';
import { ShapeError } from './shape-error.ts';
import { isoTimestamp } from './time.ts';

/**
 * One `stats_snapshots` row from /users/{id}/stats (docs/trakt-api.md §3): every number,
 * flattened as `section_name` (`ratings.distribution."7"` -> `ratings_7`),
 * keyed by when it was fetched. A missing number is null, not 0.
 */
export function normalizeStats(stats: unknown, fetchedAt: string): RowBatch {
  const fetched = isoTimestamp(fetchedAt);
  if (fetched === null) throw new ShapeError(`stats: fetchedAt '${fetchedAt}' is not a timestamp`);
  const f = Fields.of(stats, { label: 'response', source: 'GET /users/{id}/stats' });
  const movies = f.optObject('movies');
  const shows = f.optObject('shows');
  const seasons = f.optObject('seasons');
  const episodes = f.optObject('episodes');
  const network = f.optObject('network');
  const ratings = f.optObject('ratings');
  const distribution = ratings?.optObject('distribution') ?? null;
  const count = (section: Fields | null, key: string) => section?.optCount(key) ?? null;
  const out = new BatchBuilder();
  out.add('stats_snapshots', {
    fetched_at: fetched,
    movies_plays: count(movies, 'plays'),
    movies_watched: count(movies, 'watched'),
    movies_minutes: count(movies, 'minutes'),
    movies_collected: count(movies, 'collected'),
    movies_ratings: count(movies, 'ratings'),
    movies_comments: count(movies, 'comments'),
    shows_watched: count(shows, 'watched'),
    shows_collected: count(shows, 'collected'),
    shows_ratings: count(shows, 'ratings'),
    shows_comments: count(shows, 'comments'),
    seasons_ratings: count(seasons, 'ratings'),
    seasons_comments: count(seasons, 'comments'),
    episodes_plays: count(episodes, 'plays'),
    episodes_watched: count(episodes, 'watched'),
    episodes_minutes: count(episodes, 'minutes'),
    episodes_collected: count(episodes, 'collected'),
    episodes_ratings: count(episodes, 'ratings'),
    episodes_comments: count(episodes, 'comments'),
    network_friends: count(network, 'friends'),
    network_followers: count(network, 'followers'),
    network_following: count(network, 'following'),
    ratings_total: count(ratings, 'total'),
    ratings_1: count(distribution, '1'),
    ratings_2: count(distribution, '2'),
    ratings_3: count(distribution, '3'),
    ratings_4: count(distribution, '4'),
    ratings_5: count(distribution, '5'),
    ratings_6: count(distribution, '6'),
    ratings_7: count(distribution, '7'),
    ratings_8: count(distribution, '8'),
    ratings_9: count(distribution, '9'),
    ratings_10: count(distribution, '10'),
  });
  return out.batch;
}
