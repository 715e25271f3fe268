import test from 'ava';
import { Store } from '../../src/load/store.ts';
import { rebuild } from '../../src/runs/rebuild.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { diffTable, readTable, withDuck } from '../helpers/tables.ts';

const WITH = { TRAKTDB_WITH: 'credits' };
const peopleRequests = (sim: { requests(): { path: string }[] }) =>
  sim.requests().filter((r) => /^\/(movies|shows)\/[^/]+\/people$/.test(r.path));

async function expectCredits(t: import('ava').ExecutionContext, db: string, truth: Record<string, unknown>) {
  await withDuck(db, async (duck) => {
    for (const table of ['credits', 'people'] as const) {
      const expected = truth[table] as Record<string, unknown>[];
      const actual = await readTable(duck, table);
      t.deepEqual(diffTable(table, actual, expected), [], `table ${table}`);
      t.is(actual.size, expected.length, `row count of ${table}`);
    }
  });
}

test('backup --with credits gives exactly the truth of credits and people, one request per played title', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 17, rateLimit: { limit: 1000, windowMs: 1000 } });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const summary = await runAgainst(sim, ws, { env: WITH });
  t.is(summary.status, 'succeeded');
  const truth = sim.truth({ credits: true });
  t.true(truth.credits.length > 0);
  await expectCredits(t, ws.db, truth as unknown as Record<string, unknown>);
  const played = truth.watched.filter((w) => w.media_type === 'movie' || w.media_type === 'show').length;
  const requests = peopleRequests(sim);
  t.is(requests.length, played);
  // Some titles answer 404 and still count as fetched: the run is complete and exits 0.
  t.true(requests.some((r) => (r as { status?: number }).status === 404));
  const credits = summary.extract.outcomes.find((o) => o.key === 'credits');
  t.is(credits?.requests, played);
  t.is(credits?.inserted, truth.credits.length);

  // A second backup asks for no title again; a rebuild from the archive gives the same tables.
  const before = sim.requests().length;
  await runAgainst(sim, ws, { env: WITH });
  t.is(peopleRequests(sim).length, played, 'no /people request on the second run');
  t.true(sim.requests().length > before);
  const rebuiltDb = `${ws.db}.rebuilt`;
  const rebuilt = await Store.open(rebuiltDb);
  await rebuild({ archive: ws.archive, store: rebuilt, now: () => new Date().toISOString() });
  await rebuilt.close();
  await expectCredits(t, rebuiltDb, truth as unknown as Record<string, unknown>);
});

test('without --with credits no /people request is made and credits stays empty', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 18, rateLimit: { limit: 1000, windowMs: 1000 } });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  t.is(peopleRequests(sim).length, 0);
  const store = await Store.open(ws.db);
  t.teardown(() => store.close());
  t.is(await store.countRows('credits', {}), 0);
});

test('sync --with credits after plays of two new movies makes exactly two /people requests', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 19, rateLimit: { limit: 1000, windowMs: 1000 } });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws, { env: WITH });
  const first = peopleRequests(sim).length;
  const truth = sim.truth();
  const played = new Set(truth.watched.filter((w) => w.media_type === 'movie').map((w) => w.trakt_id));
  const fresh = truth.movies
    .map((m) => m.trakt_id)
    .filter((id) => !played.has(id))
    .slice(0, 2);
  t.is(fresh.length, 2);
  for (const traktId of fresh) sim.mutate.addPlays(1, { media: 'movie', traktId });
  const summary = await runAgainst(sim, ws, { mode: 'sync', env: WITH });
  t.is(summary.status, 'succeeded');
  const asked = peopleRequests(sim).slice(first);
  t.deepEqual(asked.map((r) => r.path).sort(), fresh.map((id) => `/movies/${id}/people`).sort());
  await expectCredits(t, ws.db, sim.truth({ credits: true }) as unknown as Record<string, unknown>);
});
