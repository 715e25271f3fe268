import test from 'ava';
import { exitCodeOf } from '../../src/errors.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { exactProblems, runs, type Tables } from '../crash/helpers/db-check.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';

/**
 * A sync repairs what window counts cannot see (a backdated play and a
 * removed one that cancel out) item by item, after history and the watched
 * aggregates are in. A run that stops between the two (here: every
 * per-item history request fails) must leave that repair to the next run,
 * not mark history as seen.
 */
test('a sync stopped before its per-item history repair leaves the repair to the next sync', async (t) => {
  const sim = await startSimulator({
    profile: 'tiny',
    seed: 950,
    rateLimit: { limit: 1000, windowMs: 1000 },
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  // Older than the recent window, one in and one out: the count of older plays does not move.
  sim.mutate.addPlays(1, { backdated: true });
  sim.mutate.removePlays({ count: 1 });
  const itemHistory = /\/sync\/history\/(movies|shows)\/\d+/;
  let repairs = 0;
  const failing: typeof fetch = (input, init) => {
    if (!itemHistory.test(String(input))) return fetch(input, init);
    repairs += 1;
    return Promise.reject(new TypeError('fetch failed'));
  };
  const exit = await runAgainst(sim, ws, {
    mode: 'sync',
    fetch: failing,
    http: { retryBaseMs: 1, retryMaxMs: 5, maxRetries: 1 },
  }).then(
    () => 0,
    (error: unknown) => exitCodeOf(error),
  );
  t.true(repairs > 0, 'the first sync tried to repair history item by item');
  t.is(exit, 1, 'and stopped when it could not');
  await runAgainst(sim, ws, { mode: 'sync' });
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []);
    t.is((await runs(duck)).at(-1)?.status, 'succeeded');
  });
});
