import test, { type ExecutionContext } from 'ava';
import type { Clock } from '../../src/clock.ts';
import { systemClock } from '../../src/clock.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { exactProblems, type Tables } from '../crash/helpers/db-check.ts';
import { runAgainst, type Workspace, workspace } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';

/**
 * The scrub (docs/sync.md "Rolling verification") repairs what a sync
 * cannot see, within the scrub period, by syncs alone:
 *
 * - the same-item swap: a backdated play and a removed play of one movie in
 *   one window (the window counts and the watched play counts stay equal);
 * - a rating swap of equal value (one movie unrated, another rated the same);
 * - a list-item swap (one item removed, another added: item_count equal).
 *
 * The simulator's clock stands still, so every change lands in the same
 * second as the one the last sync saw: Trakt's timestamps have whole seconds,
 * and `rated_at` and the list's `updated_at` do not move. The client's clock
 * is moved on by the test (no waiting).
 */

const T = Date.parse('2026-11-20T12:00:00.000Z');
const API = (sim: Simulator) => sim.requests().filter((r) => !r.path.startsWith('/_sim'));

function movingClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: systemClock.sleep,
    advance(ms) {
      offset += ms;
    },
  };
}

async function setUp(t: ExecutionContext, seed: number) {
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

function sync(sim: Simulator, ws: Workspace, clock: Clock, period: string) {
  return runAgainst(sim, ws, { mode: 'sync', clock, env: { TRAKTDB_SCRUB_PERIOD: period } });
}

/** The three swaps, made in the same second as the sync before saw. */
function swaps(sim: Simulator): { movie: number; list: number } {
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

async function problems(ws: Workspace, sim: Simulator): Promise<string[]> {
  return withDuck(ws.db, (duck) => exactProblems(duck, sim.truth() as unknown as Tables));
}

test('the swaps a sync cannot see are repaired by syncs alone within the scrub period, and logged', async (t) => {
  const { sim, ws, clock } = await setUp(t, 2020);
  await runAgainst(sim, ws, { clock, env: { TRAKTDB_SCRUB_PERIOD: '60s' } });
  // Stamp the activities at T, as the last sync before the swaps saw them.
  const truth = sim.truth();
  const list = truth.lists.find((l) => (l.item_count ?? 0) > 0);
  sim.mutate.rate('movie', truth.ratings.find((r) => r.media_type === 'movie')?.trakt_id ?? 0, 10);
  if (list !== undefined) sim.mutate.listAddItems(list.list_trakt_id, 1);
  clock.advance(1000);
  await sync(sim, ws, clock, '60s');
  t.deepEqual(await problems(ws, sim), [], 'the mirror is exact before the swaps');

  swaps(sim);
  clock.advance(1000);
  const plain = await sync(sim, ws, clock, 'off');
  t.is(plain.extract.scrub, undefined, 'off: no scrub at all');
  const missed = await problems(ws, sim);
  for (const table of ['plays', 'ratings', 'list_items']) {
    t.true(
      missed.some((p) => p.startsWith(table)),
      `a plain sync misses the ${table} swap: ${missed.join('; ')}`,
    );
  }

  // Syncs every 15 s with a 60 s period: the whole account is verified within it.
  let requests = 0;
  let repaired = 0;
  const lines: string[] = [];
  for (let k = 0; k < 5; k += 1) {
    clock.advance(15_000);
    sim.clearRequests();
    const summary = await sync(sim, ws, clock, '60s');
    const scrub = summary.extract.scrub;
    t.truthy(scrub, 'a sync with the scrub on reports it');
    requests += scrub?.requests ?? 0;
    repaired += scrub?.repaired ?? 0;
    lines.push(`${scrub?.requests} requests, ${scrub?.repaired} repaired`);
    t.true((scrub?.requests ?? 0) <= API(sim).length, 'the scrub requests are requests the run made');
  }
  t.deepEqual(await problems(ws, sim), [], `repaired within the period (${lines.join('; ')})`);
  // One pass of the tiny account: a history window, four rating types, 17 resources, 2 lists.
  t.true(requests >= 20 && requests <= 40, `one pass costs about its pages: ${requests}`);
  // A removed and an added play, a rating out and one in, a list item out and one in.
  t.true(repaired >= 6, `repaired ${repaired} rows`);
  const logged = await withDuck(ws.db, (duck) =>
    duck.all<{ table_name: string; op: string; n: number }>(
      `SELECT table_name, op, count(*)::INTEGER AS n FROM change_log
       WHERE run_id > (SELECT max(run_id) - 5 FROM sync_runs) GROUP BY ALL ORDER BY ALL`,
    ),
  );
  const ops = new Set(logged.map((r) => `${r.table_name}:${r.op}`));
  for (const op of [
    'plays:insert',
    'plays:delete',
    'ratings:insert',
    'ratings:delete',
    'list_items:insert',
    'list_items:delete',
  ]) {
    t.true(ops.has(op), `change_log holds ${op}: ${[...ops].join(', ')}`);
  }
});

test('two syncs a second apart make no scrub request; --scrub-period off makes none', async (t) => {
  const { sim, ws, clock } = await setUp(t, 2021);
  await runAgainst(sim, ws, { clock });
  // A week later the first sync scrubs a slice (the budget share caps it)...
  clock.advance(7 * 86_400_000);
  const first = await sync(sim, ws, clock, '7d');
  t.true((first.extract.scrub?.requests ?? 0) > 0, 'a sync after a pause scrubs');
  // ...and the one a second later nothing: at most 2 requests, none of them the scrub's.
  clock.advance(1000);
  sim.clearRequests();
  const second = await sync(sim, ws, clock, '7d');
  t.is(second.extract.scrub?.requests, 0);
  t.true(API(sim).length <= 2, `${API(sim).length} requests`);
  // Off, even a week later: no scrub request at all.
  clock.advance(7 * 86_400_000);
  sim.clearRequests();
  const off = await sync(sim, ws, clock, 'off');
  t.is(off.extract.scrub, undefined);
  t.true(API(sim).length <= 2, `${API(sim).length} requests`);
});
