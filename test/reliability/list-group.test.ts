import test from 'ava';
import { exitCodeOf } from '../../src/errors.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { exactProblems, type Tables } from '../crash/helpers/db-check.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';

/**
 * The items of many lists commit together once the lists are paged. One
 * list that cannot be fetched fails the run cleanly (the error, not a crash
 * on a rejection nobody waited for), commits none of the group, and the
 * next run completes the mirror.
 */
test('a list whose items cannot be fetched stops the run cleanly; the next backup is exact', async (t) => {
  const sim = await startSimulator({
    profile: 'typical',
    seed: 41,
    rateLimit: { limit: 1000, windowMs: 1000 },
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  // The user's own lists are one group; the lists they collaborate on are another (docs/account.md).
  const own = sim.truth().lists.filter((l) => !l.collaboration);
  const [victim] = own;
  if (victim === undefined) throw new Error('the typical account has lists');
  const items = new RegExp(`/lists/${victim.list_trakt_id}/items`);
  let refused = 0;
  const failing: typeof fetch = (input, init) => {
    if (!items.test(String(input))) return fetch(input, init);
    refused += 1;
    return Promise.reject(new TypeError('fetch failed'));
  };
  const error = await runAgainst(sim, ws, {
    fetch: failing,
    http: { retryBaseMs: 1, retryMaxMs: 5, maxRetries: 1 },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.true(refused > 0);
  t.is(exitCodeOf(error), 1);
  t.regex(String((error as Error).message), new RegExp(`lists/${victim.list_trakt_id}/items`));
  await withDuck(ws.db, async (duck) => {
    const ids = own.map((l) => l.list_trakt_id).join(', ');
    const rows = await duck.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM list_items WHERE list_trakt_id IN (${ids})`,
    );
    t.is(Number(rows?.n), 0, 'no list of the group was committed');
    const states = await duck.one<{ n: bigint }>(
      "SELECT count(*) AS n FROM sync_state WHERE starts_with(resource, 'list_items:')",
    );
    t.is(Number(states?.n), 0);
  });
  await runAgainst(sim, ws);
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []);
  });
});
