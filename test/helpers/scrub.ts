import type { ExecutionContext } from 'ava';
import type { Clock } from '../../src/clock.ts';
import { systemClock } from '../../src/clock.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { exactProblems, type Tables } from '../crash/helpers/db-check.ts';
import { runAgainst, type Workspace, workspace } from './backup.ts';
import { withDuck } from './tables.ts';

/**
 * What the scrub's tests share (test/e2e/scrub.test.ts, test/crash/scrub.test.ts).
 * The simulator's clock stands still, so every change lands in the same
 * second as the one the last sync saw (last_activities' timestamps are
 * whole seconds in Trakt's example, `.000Z`), and `rated_at` and a list's `updated_at` do not move. The
 * client's clock is moved on by the test (no waiting).
 */

export const T = Date.parse('2026-11-20T12:00:00.000Z');
export const API = (sim: Simulator) => sim.requests().filter((r) => !r.path.startsWith('/_sim'));

export function movingClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: systemClock.sleep,
    advance(ms) {
      offset += ms;
    },
  };
}

export async function setUp(t: ExecutionContext, seed: number) {
  const sim = await startSimulator({
    profile: 'tiny',
    seed,
    // A clock that stands still never opens a new rate window: a budget it never reaches.
    rateLimit: { limit: 1_000_000, windowMs: 1000 },
    clock: () => T,
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const clock = movingClock();
  return { sim, ws, clock };
}

export function sync(sim: Simulator, ws: Workspace, clock: Clock, period: string) {
  return runAgainst(sim, ws, { mode: 'sync', clock, env: { TRAKTDB_SCRUB_PERIOD: period } });
}

/** The three swaps, made in the same second as the sync before saw. */
export function swaps(sim: Simulator): { movie: number; list: number } {
  const truth = sim.truth();
  const newest = Math.max(...truth.plays.map((p) => Date.parse(p.watched_at)));
  // An old play of a movie, well before the window a sync re-reads (the newest play less a day).
  const old = truth.plays
    .filter((p) => p.media_type === 'movie' && Date.parse(p.watched_at) < newest - 5 * 86_400_000)
    .sort((a, b) => a.history_id - b.history_id)[0];
  if (old?.movie_trakt_id == null) throw new Error('the account has no old movie play');
  sim.mutate.removePlays([old.history_id]);
  sim.mutate.addPlays(1, {
    media: 'movie',
    traktId: old.movie_trakt_id,
    at: new Date(Date.parse(old.watched_at) + 3_600_000).toISOString(),
  });
  const rated = truth.ratings.find((r) => r.media_type === 'movie');
  const unrated = truth.movies.find(
    (m) => !truth.ratings.some((r) => r.media_type === 'movie' && r.trakt_id === m.trakt_id),
  );
  if (rated === undefined || unrated === undefined) throw new Error('no movie to swap a rating with');
  sim.mutate.unrate('movie', rated.trakt_id);
  sim.mutate.rate('movie', unrated.trakt_id, rated.rating);
  const list = truth.lists.find((l) => (l.item_count ?? 0) > 0);
  if (list === undefined) throw new Error('no list with items');
  sim.mutate.listRemoveItems(list.list_trakt_id, 1);
  sim.mutate.listAddItems(list.list_trakt_id, 1);
  return { movie: old.movie_trakt_id, list: list.list_trakt_id };
}

export async function problems(ws: Workspace, sim: Simulator): Promise<string[]> {
  return withDuck(ws.db, (duck) => exactProblems(duck, sim.truth() as unknown as Tables));
}

/** Stamps `rated_at` and a list's `updated_at` at T, so the swaps after the next sync do not move them. */
export function prime(sim: Simulator): void {
  const truth = sim.truth();
  const rated = truth.ratings.find((r) => r.media_type === 'movie');
  const list = truth.lists.find((l) => (l.item_count ?? 0) > 0);
  if (rated === undefined || list === undefined) throw new Error('no rating or list to stamp');
  sim.mutate.rate('movie', rated.trakt_id, 10);
  sim.mutate.listAddItems(list.list_trakt_id, 1);
}
