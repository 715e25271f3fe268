import test from 'ava';
import { runAgainst } from '../helpers/backup.ts';
import { API, prime, problems, setUp, swaps, sync } from '../helpers/scrub.ts';
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

test('the swaps a sync cannot see are repaired by syncs alone within the scrub period, and logged', async (t) => {
  const { sim, ws, clock } = await setUp(t, 2020);
  await runAgainst(sim, ws, { clock, env: { TRAKTDB_SCRUB_PERIOD: '60s' } });
  // Stamp the activities at T, as the last sync before the swaps saw them.
  prime(sim);
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
  // One pass of the tiny account: a history window, four rating types, the other resources a
  // complete load replaces (with the rest of the account: people, saved filters), and the lists.
  t.true(requests >= 20 && requests <= 55, `one pass costs about its pages: ${requests}`);
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
