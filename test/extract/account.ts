import { catalog } from '../../pipelines/catalog.ts';
import type { ExtractEvent } from '../../src/extract/events.ts';
import { type ExtractMode, type ExtractSummary, extract } from '../../src/extract/runner.ts';
import { settings, stats } from '../normalize/fixtures.ts';
import { activitiesAt, FakeArchive, type FakeStore, FakeTrakt } from './fakes.ts';

/**
 * A small account on the fake Trakt, answering every path of the real
 * catalog: a few plays, watched movies that agree with them, a watchlist,
 * two lists with items, and empty answers elsewhere.
 */

export const T0 = '2026-01-01T00:00:00.000Z';
export const T1 = '2026-02-01T00:00:00.000Z';
const RUN_START = '2026-03-01T00:00:00.000Z';

export const ACTIVITY_FIELDS = [...new Set(catalog.flatMap((resource) => resource.activities))].sort();

export function movie(id: number) {
  return { title: `Movie ${id}`, year: 2000, ids: { trakt: id, slug: `movie-${id}` } };
}

export function play(historyId: number, movieId: number, at: string) {
  return { id: historyId, watched_at: at, action: 'watch', type: 'movie', movie: movie(movieId) };
}

export function listed(id: number, movieId: number) {
  return { rank: id, id, listed_at: T0, notes: null, type: 'movie', movie: movie(movieId) };
}

export function list(id: number, items: number, updatedAt = T0) {
  return {
    name: `List ${id}`,
    privacy: 'private',
    type: 'personal',
    updated_at: updatedAt,
    item_count: items,
    ids: { trakt: id, slug: `list-${id}` },
  };
}

/** The watched aggregate of `history`, as Trakt derives it. */
export function watchedOf(history: readonly ReturnType<typeof play>[]) {
  const plays = new Map<number, number>();
  for (const p of history) plays.set(p.movie.ids.trakt, (plays.get(p.movie.ids.trakt) ?? 0) + 1);
  return [...plays].map(([id, n]) => ({
    plays: n,
    last_watched_at: T0,
    last_updated_at: T0,
    movie: movie(id),
  }));
}

export function account(): FakeTrakt {
  const trakt = new FakeTrakt();
  for (const resource of catalog) trakt.answers.set(resource.path.replace('{user}', 'me'), []);
  trakt.answers.set('/users/settings', settings);
  trakt.answers.set('/users/me', settings.user);
  trakt.answers.set('/users/me/stats', stats);
  // The ratings of one type: what a sync's slices page (src/extract/ratings-sync.ts).
  for (const type of ['movies', 'shows', 'seasons', 'episodes'])
    trakt.answers.set(`/sync/ratings/${type}`, []);
  trakt.history = [
    play(106, 3, '2025-12-06T00:00:00.000Z'),
    play(105, 2, '2025-12-05T00:00:00.000Z'),
    play(104, 1, '2025-06-04T00:00:00.000Z'),
    play(103, 2, '2025-06-03T00:00:00.000Z'),
    play(102, 1, '2024-01-02T00:00:00.000Z'),
    play(101, 1, '2024-01-01T00:00:00.000Z'),
  ];
  trakt.answers.set('/sync/watched/movies', watchedOf(trakt.history as ReturnType<typeof play>[]));
  trakt.answers.set('/sync/watchlist/all/rank/asc', [listed(1, 10), listed(2, 11), listed(3, 12)]);
  trakt.answers.set('/users/me/lists', [list(7, 2), list(8, 1)]);
  trakt.answers.set('/users/me/lists/7/items', [listed(71, 20), listed(72, 21)]);
  trakt.answers.set('/users/me/lists/8/items', [listed(81, 22)]);
  trakt.lastActivities = activitiesAt(ACTIVITY_FIELDS, T0);
  return trakt;
}

export interface Ran {
  summary: ExtractSummary;
  events: ExtractEvent[];
  /** Paths asked in this run (`?limit=1` marks a count). */
  paths: string[];
}

/** One extract run against the fake ports, with small pages so paging shows. */
export async function run(
  trakt: FakeTrakt,
  store: FakeStore,
  mode: ExtractMode,
  options: { archive?: FakeArchive; user?: string; runId?: number; pageSize?: number } = {},
): Promise<Ran> {
  const events: ExtractEvent[] = [];
  const before = trakt.requests.length;
  const summary = await extract({
    catalog,
    mode,
    user: options.user ?? 'me',
    fetcher: trakt,
    store,
    archive: options.archive ?? new FakeArchive(),
    runId: options.runId ?? 1,
    runStart: RUN_START,
    now: () => RUN_START,
    concurrency: 2,
    emit: (event) => events.push(event),
    pageSize: options.pageSize ?? 2,
  });
  return { summary, events, paths: trakt.paths().slice(before) };
}
