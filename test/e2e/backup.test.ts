import { join } from 'node:path';
import test from 'ava';
import { readArchive } from '../../src/land/archive.ts';
import { Store } from '../../src/load/store.ts';
import { rebuild } from '../../src/runs/rebuild.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { ACCOUNT_TABLES, diffTable, readTable, withDuck } from '../helpers/tables.ts';

async function expectExact(t: import('ava').ExecutionContext, db: string, truth: Record<string, unknown>) {
  await withDuck(db, async (duck) => {
    for (const table of ACCOUNT_TABLES) {
      const expected = truth[table] as Record<string, unknown>[];
      const actual = await readTable(duck, table);
      t.deepEqual(diffTable(table, actual, expected), [], `table ${table}`);
      t.is(actual.size, expected.length, `row count of ${table}`);
    }
  });
}

test('a backup of the typical account equals the ground truth, with no budget 429s', async (t) => {
  const sim = await startSimulator({
    profile: 'typical',
    seed: 7,
    rateLimit: { limit: 1000, windowMs: 1000 },
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const summary = await runAgainst(sim, ws);
  t.is(summary.status, 'succeeded');
  t.deepEqual(summary.extract.incomplete, []);
  await expectExact(t, ws.db, sim.truth() as unknown as Record<string, unknown>);
  t.is(sim.requests().filter((r) => r.rateLimited === 'budget' || r.rateLimited === 'lockout').length, 0);
  t.is(summary.rateLimited, 0);
  // The lists' items are one load, one manifest entry naming each list; each list reports its own
  // rows. The lists the account collaborates on are a second such load (docs/account.md).
  const truth = sim.truth();
  const own = summary.extract.outcomes.filter((o) => o.key.startsWith('list_items:'));
  const shared = summary.extract.outcomes.filter((o) => o.key.startsWith('collaboration_items:'));
  t.is(own.length, truth.lists.filter((l) => !l.collaboration).length);
  t.is(shared.length, truth.lists.filter((l) => l.collaboration).length);
  const lists = [...own, ...shared];
  t.is(
    lists.reduce((n, o) => n + o.inserted, 0),
    truth.list_items.length,
  );
  t.true(lists.every((o) => o.complete && o.inserted === o.rows));
  const [run] = await readArchive(ws.archive);
  const loads = run?.entries.filter((e) => e.type === 'commit' && e.table === 'list_items') ?? [];
  t.deepEqual(
    loads.map((e) => (e.type === 'commit' ? e.loads?.length : 0)).sort(),
    [own.length, shared.length].sort(),
  );
});

test('a second backup changes no rows, and rebuild from the archive gives identical tables', async (t) => {
  const sim = await startSimulator({
    profile: 'typical',
    seed: 8,
    rateLimit: { limit: 1000, windowMs: 1000 },
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const second = await runAgainst(sim, ws);
  const changes = second.extract.outcomes.reduce((n, o) => n + o.inserted + o.updated + o.deleted, 0);
  t.is(changes, 0);
  await withDuck(ws.db, async (duck) => {
    const logged = await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM change_log WHERE run_id = $1', [
      second.runId,
    ]);
    t.is(Number(logged?.n), 0);
  });

  const rebuiltPath = join(ws.dir, 'rebuilt.duckdb');
  const rebuilt = await Store.open(rebuiltPath);
  const summary = await rebuild({ archive: ws.archive, store: rebuilt, now: () => new Date().toISOString() });
  await rebuilt.close();
  t.is(summary.runs, 2);
  for (const table of [...ACCOUNT_TABLES, 'stats_snapshots'] as const) {
    const original = await withDuck(ws.db, (duck) => readTable(duck, table));
    const copy = await withDuck(rebuiltPath, (duck) => readTable(duck, table));
    t.deepEqual(diffTable(table, copy, [...original.values()]), [], `rebuilt ${table}`);
    t.is(copy.size, original.size, `rebuilt ${table} row count`);
  }
});

test('with every transient fault on, a backup still ends with exact tables', async (t) => {
  const sim = await startSimulator({
    profile: 'typical',
    seed: 9,
    rateLimit: { limit: 1000, windowMs: 1000 },
    faults: {
      http5xx: 0.05,
      reset: 0.03,
      truncate: 0.03,
      html: 0.03,
      html429: { rate: 0.02, ms: 1000 },
      dupes: 1,
      drift: { rate: 0.3, max: 3 },
    },
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const summary = await runAgainst(sim, ws, { http: { maxRetries: 8 } });
  t.is(summary.status, 'succeeded');
  await expectExact(t, ws.db, sim.truth() as unknown as Record<string, unknown>);
  t.is(sim.requests().filter((r) => r.rateLimited === 'budget').length, 0);
});
