import { join } from 'node:path';
import test from 'ava';
import { changesText } from '../../src/cli/run-numbers.ts';
import { Store } from '../../src/load/store.ts';
import { rebuild } from '../../src/runs/rebuild.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';

/**
 * docs/sync.md "What the numbers mean": the run summary, sync_runs (and so
 * `status`) count changes one way; rank-only renumbering is re-ranked, not
 * changed; a rebuild records its own run and names the runs it replayed.
 */
test('one set of numbers: a watchlist removal is 1 removed and N re-ranked, in the summary, sync_runs and change_log alike; rebuild names what it replayed', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 11, rateLimit: { limit: 1000, windowMs: 1000 } });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const backup = await runAgainst(sim, ws, { mode: 'backup' });
  const watchlist = [...sim.truth().watchlist].sort((a, b) => Number(a['rank']) - Number(b['rank']));
  const [top] = watchlist;
  if (top === undefined) throw new Error('the tiny profile has a watchlist');
  sim.mutate.watchlistRemove([Number(top['list_item_id'])]);
  const sync = await runAgainst(sim, ws, { mode: 'sync' });

  const outcome = sync.extract.outcomes.find((o) => o.key === 'watchlist' && o.skipped === undefined);
  t.like(outcome, { deleted: 1, updated: 0, inserted: 0, reranked: watchlist.length - 1 });
  t.is(outcome?.tableRows, watchlist.length - 1);
  const ledger = await withDuck(ws.db, async (duck) => ({
    runs: await duck.all(
      'SELECT run_id, rows_changed, media_rows_changed, rows_reranked FROM sync_runs ORDER BY run_id',
    ),
    log: await duck.all(
      `SELECT table_name, op, count(*)::INTEGER AS n, bool_and(rank_only) AS rank_only FROM change_log
       WHERE run_id = ? GROUP BY ALL ORDER BY ALL`,
      [sync.runId],
    ),
  }));
  // change_log keeps the renumbering, marked; the count leaves it out.
  t.deepEqual(ledger.log, [
    { table_name: 'watchlist', op: 'delete', n: 1, rank_only: false },
    { table_name: 'watchlist', op: 'update', n: watchlist.length - 1, rank_only: true },
  ]);
  t.deepEqual(sync.changes, { account: 1, media: 0, reranked: watchlist.length - 1 });
  const [first, second] = ledger.runs;
  t.deepEqual(second, {
    run_id: BigInt(sync.runId),
    rows_changed: 1n,
    media_rows_changed: 0n,
    rows_reranked: BigInt(watchlist.length - 1),
  });
  // The backup: its account rows and its media rows, apart, as its summary said them.
  t.is(first?.['rows_changed'], BigInt(backup.changes.account));
  t.is(first?.['media_rows_changed'], BigInt(backup.changes.media));
  t.true(backup.changes.account > 0 && backup.changes.media > 0);
  t.is(changesText(sync.changes), `1 account row changed (${watchlist.length - 1} re-ranked)`);

  const store = await Store.open(join(ws.dir, 'rebuilt.duckdb'));
  try {
    const rebuilt = await rebuild({ archive: ws.archive, store, now: () => new Date().toISOString() });
    t.deepEqual(rebuilt.replayed, [backup.runId, sync.runId]);
    const [run] = await store.lastRuns(5);
    t.like(run, { mode: 'rebuild', status: 'succeeded', replayedRuns: [1, 2] });
    // Replaying the backup then the sync: everything the two added, less what the sync removed.
    t.is(rebuilt.changes.account, run?.rowsChanged ?? -1);
    t.true(rebuilt.changes.account >= backup.changes.account);
  } finally {
    await store.close();
  }
});
