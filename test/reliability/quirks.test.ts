import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { catalog } from '../../pipelines/catalog.ts';
import { lastRunProblems } from '../../src/cli/commands/status.ts';
import { type DoctorReport, doctor } from '../../src/doctor/doctor.ts';
import type { ExtractEvent } from '../../src/extract/events.ts';
import { createTraktClient } from '../../src/http/create-client.ts';
import { Store } from '../../src/load/store.ts';
import { rebuild } from '../../src/runs/rebuild.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { type Affected, checkExcept, type Truth } from '../helpers/affected.ts';
import { runAgainst, type Workspace, workspace } from '../helpers/backup.ts';
import { ACCOUNT_TABLES, diffTable, readTable, withDuck } from '../helpers/tables.ts';

/**
 * One test per simulator quirk (docs/tolerance.md "Real Trakt is messier than any
 * simulator"), on the tiny account: `doctor` names the quirk; a backup ends
 * with the promised status, every row it could load exact and every other
 * row of every table exact, the affected items loaded or kept in
 * rejected_items with the reason; then, the quirk switched off, the next
 * run ends exact and succeeded.
 */
const FAST = { limit: 1000, windowMs: 1000 };
/** The tiny account of this seed hides a user and rates, watchlists and hides seasons. */
const SEED = 1;

interface Setup {
  sim: Simulator;
  ws: Workspace;
  /** The personal list grown past 100 items (list items quirks), when asked for. */
  bigList?: number;
}

async function setup(t: ExecutionContext, quirks: string, options: { grow?: boolean } = {}): Promise<Setup> {
  const sim = await startSimulator({ profile: 'tiny', seed: SEED, rateLimit: FAST, quirks });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  if (!options.grow) return { sim, ws };
  const list = sim.truth().lists[0]!;
  sim.mutate.listAddItems(list.list_trakt_id, 120 - list.item_count);
  return { sim, ws, bigList: list.list_trakt_id };
}

async function doctorOf(sim: Simulator): Promise<DoctorReport> {
  const { client } = createTraktClient({
    apiUrl: sim.url,
    authUrl: sim.url,
    clientId: sim.clientId,
    staticToken: sim.accessToken,
    rateLimit: FAST,
    retryBaseMs: 5,
  });
  const report = await doctor({
    catalog,
    fetcher: client,
    user: 'me',
    now: () => new Date().toISOString(),
  });
  sim.clearRequests();
  return report;
}

function truthOf(sim: Simulator): Truth {
  return sim.truth() as unknown as Truth;
}

async function exactly(t: ExecutionContext, ws: Workspace, truth: Truth, affected: Affected = {}) {
  const check = await withDuck(ws.db, (duck) => checkExcept(duck, truth, affected));
  t.deepEqual(check.problems, []);
  return check.missing;
}

/** The quirk off, the next run ends exact and succeeded. */
async function recovers(
  t: ExecutionContext,
  { sim, ws }: Setup,
  mode: 'backup' | 'sync' | 'sync-full' = 'backup',
) {
  sim.setQuirks([]);
  t.deepEqual(sim.quirks(), []);
  const again = await runAgainst(sim, ws, { mode });
  t.is(again.status, 'succeeded');
  t.deepEqual(again.extract.problems, []);
  await exactly(t, ws, truthOf(sim));
}

const EPOCH = '1970-01-01T00:00:00.000Z';
/** The child key doctor checks for the collaboration lists: their largest list's items. */
function collaborationItems(sim: Simulator): string[] {
  const shared = sim.truth().lists.filter((l) => l.collaboration);
  const largest = [...shared].sort((a, b) => b.item_count - a.item_count)[0];
  return largest === undefined ? [] : [`collaboration_items:${largest.list_trakt_id}`];
}

const requested = (sim: Simulator, pattern: RegExp) => sim.requests().filter((r) => pattern.test(r.path));

test('slug-only-users: hidden users keep their trakt id, learned once per user from /users/{slug}', async (t) => {
  const s = await setup(t, 'slug-only-users');
  const report = await doctorOf(s.sim);
  t.true(report.differences.some((d) => d.kind === 'ids' && /a user with only a slug/.test(d.message)));
  const summary = await runAgainst(s.sim, s.ws);
  t.is(summary.status, 'succeeded');
  const truth = truthOf(s.sim);
  await exactly(t, s.ws, truth);
  const hiddenUsers = truth['hidden_items']!.filter((h) => h['media_type'] === 'user');
  t.true(hiddenUsers.length > 0);
  const lookups = requested(s.sim, /^\/users\/(?!me\/|me$|settings|hidden|likes|requests)[^/]+$/).filter(
    (r) => r.path !== `/users/${s.sim.userSlug}`,
  );
  t.is(lookups.length, hiddenUsers.length, 'one /users/{slug} per hidden user');
  // Followers and the like keep user_trakt_id NULL (docs/account.md): nothing moved, so only a
  // full sync reads them again, now with their ids.
  await recovers(t, s, 'sync-full');
});

test('season-without-trakt-id: season ids learned once per show from /shows/{id}/seasons; rebuild learns the same', async (t) => {
  const s = await setup(t, 'season-without-trakt-id');
  const report = await doctorOf(s.sim);
  t.true(report.differences.some((d) => d.kind === 'ids' && /season without ids\.trakt/.test(d.message)));
  const summary = await runAgainst(s.sim, s.ws);
  t.is(summary.status, 'succeeded');
  const truth = truthOf(s.sim);
  await exactly(t, s.ws, truth);
  const lookups = requested(s.sim, /^\/shows\/\d+\/seasons$/).map((r) => r.path);
  t.true(lookups.length > 0);
  t.is(new Set(lookups).size, lookups.length, 'one request per show');
  // No network: the archived answers give the same seasons and the same rows.
  const rebuilt = join(s.ws.dir, 'rebuilt.duckdb');
  const store = await Store.open(rebuilt);
  await rebuild({ archive: s.ws.archive, store, now: () => new Date().toISOString() });
  await store.close();
  for (const table of ACCOUNT_TABLES) {
    const copy = await withDuck(rebuilt, (duck) => readTable(duck, table));
    t.deepEqual(diffTable(table, copy, truth[table] ?? []), [], `rebuilt ${table}`);
  }
  await recovers(t, s, 'sync');
});

test('notes-404: notes is unavailable (exit 4 naming it and the path), every other resource exact', async (t) => {
  const s = await setup(t, 'notes-404');
  const report = await doctorOf(s.sim);
  t.deepEqual(
    report.differences.map((d) => [d.resource, d.kind]),
    [['notes', 'unavailable']],
  );
  const events: ExtractEvent[] = [];
  const summary = await runAgainst(s.sim, s.ws, { events });
  t.is(summary.status, 'incomplete');
  t.deepEqual(summary.extract.problems, [
    {
      key: 'notes',
      title: 'notes',
      problem: 'unavailable',
      reason: 'GET /users/me/notes/all answered 404',
      rejected: 0,
    },
  ]);
  t.like(
    events.find((e) => e.type === 'resource-incomplete'),
    { resource: 'notes', problem: 'unavailable', expected: 0, received: 0 },
  );
  const missing = await exactly(t, s.ws, truthOf(s.sim), { notes: 'all' });
  t.is(missing['notes'], truthOf(s.sim)['notes']!.length);
  const store = await Store.open(s.ws.db, { readOnly: true });
  const [run] = await store.lastRuns(1);
  await store.close();
  t.deepEqual(run?.unavailableResources, ['notes (GET /users/me/notes/all answered 404)']);
  t.deepEqual(run === undefined ? [] : lastRunProblems(run, []), [
    'unavailable  notes (GET /users/me/notes/all answered 404)',
  ]);
  await recovers(t, s, 'sync');
});

test('no-pagination-headers: a full answer is proven by the list item_count, stats, or one more page', async (t) => {
  const s = await setup(
    t,
    'no-pagination-headers,no-pagination-headers=/sync/watchlist,no-pagination-headers=/sync/ratings',
    {
      grow: true,
    },
  );
  const report = await doctorOf(s.sim);
  t.deepEqual(
    report.differences.filter((d) => d.kind === 'headers').map((d) => d.resource),
    // The collaboration lists' items are list items too (docs/account.md).
    ['ratings', 'watchlist', `list_items:${s.bigList}`, ...collaborationItems(s.sim)],
  );
  const summary = await runAgainst(s.sim, s.ws);
  t.is(summary.status, 'succeeded');
  await exactly(t, s.ws, truthOf(s.sim));
  // The list's item_count and the stats' ratings.total agree at once; the watchlist needs one more page.
  t.is(requested(s.sim, new RegExp(`/lists/${s.bigList}/items`)).length, 1);
  t.is(requested(s.sim, /^\/sync\/ratings/).length, 1);
  t.is(requested(s.sim, /^\/users\/me\/stats$/).length, 2, 'the stats resource, and the count');
  t.deepEqual(
    requested(s.sim, /^\/sync\/watchlist/).map((r) => r.query['page']),
    ['1', '2'],
  );
  await recovers(t, s, 'sync');
});

test('no-pagination-headers on history: a sync that cannot count windows fetches them whole and ends exact', async (t) => {
  const s = await setup(t, 'no-pagination-headers=/sync/history');
  const first = await runAgainst(s.sim, s.ws);
  t.is(first.status, 'succeeded');
  await exactly(t, s.ws, truthOf(s.sim));
  // A play added and two removed: the count windows sync would use have no header to count by.
  s.sim.mutate.addPlays(1);
  s.sim.mutate.removePlays({ count: 2 });
  s.sim.clearRequests();
  const again = await runAgainst(s.sim, s.ws, { mode: 'sync' });
  t.is(again.status, 'succeeded');
  t.deepEqual(again.extract.problems, []);
  await exactly(t, s.ws, truthOf(s.sim));
  const asked = requested(s.sim, /^\/sync\/history/).map((r) => {
    const window = r.query['limit'] === '1' ? 'count' : r.query['start_at'] === EPOCH ? 'older' : 'recent';
    return `${window} p${r.query['page']}`;
  });
  // Each window without headers is proven by one more page that repeats the first.
  t.deepEqual(asked, ['recent p1', 'recent p2', 'count p1', 'older p1', 'older p2']);
  await recovers(t, s, 'sync');
});

test('truncate-without-headers: a list cut at 100 without headers ends incomplete, with the right numbers', async (t) => {
  const s = await setup(t, 'truncate-without-headers', { grow: true });
  const report = await doctorOf(s.sim);
  t.true(
    report.differences.some((d) => d.kind === 'count' && /sent 100 of the list's 120 items/.test(d.message)),
  );
  const events: ExtractEvent[] = [];
  const summary = await runAgainst(s.sim, s.ws, { events });
  t.is(summary.status, 'incomplete');
  const key = `list_items:${s.bigList}`;
  t.deepEqual(
    summary.extract.problems.map((p) => [p.key, p.problem]),
    [[key, 'incomplete']],
  );
  t.like(
    events.find((e) => e.type === 'resource-incomplete'),
    { resource: key, problem: 'incomplete', expected: 120, received: 100, rejected: 0 },
  );
  const truth = truthOf(s.sim);
  const cut = new Set(
    truth['list_items']!.filter((r) => r['list_trakt_id'] === s.bigList).map(
      (r) => `${r['list_trakt_id']}:${r['list_item_id']}`,
    ),
  );
  const missing = await exactly(t, s.ws, truth, { list_items: cut });
  t.is(missing['list_items'], 20, 'what arrived is kept; only the 20 beyond the cut are missing');
  await recovers(t, s, 'sync');
});

test('sparse-last-activities: resources whose activity is unknown are pulled on every sync, once per run', async (t) => {
  const s = await setup(t, 'sparse-last-activities');
  const report = await doctorOf(s.sim);
  t.deepEqual(
    report.differences.map((d) => d.resource),
    ['last_activities'],
  );
  t.regex(report.differences[0]?.message ?? '', /favorites\.updated_at.*notes\.updated_at/);
  t.is((await runAgainst(s.sim, s.ws)).status, 'succeeded');
  s.sim.clearRequests();
  const sync = await runAgainst(s.sim, s.ws, { mode: 'sync' });
  t.is(sync.status, 'succeeded');
  const pulled = sync.extract.outcomes.filter((o) => o.skipped === undefined).map((o) => o.key);
  t.deepEqual(pulled.sort(), [
    // The Apiary example has no `collaborations` group (docs/trakt-api.md §10).
    'collaborations',
    'favorites',
    'hidden_calendar',
    'hidden_comments',
    'hidden_dropped',
    'hidden_progress_collected',
    'hidden_progress_watched',
    'hidden_recommendations',
    'notes',
    'watched_shows',
  ]);
  // Once each: a later round does not pull again what it fetched with the same unknown activity.
  t.is(requested(s.sim, /\/notes\//).length, 1);
  await exactly(t, s.ws, truthOf(s.sim));
  await recovers(t, s, 'sync');
});

test('extra-fields: unknown keys, type on collection items and null movie years load exactly', async (t) => {
  const s = await setup(t, 'extra-fields');
  const report = await doctorOf(s.sim);
  const fields = report.differences.filter((d) => d.kind === 'fields');
  t.true(fields.length > 10);
  t.true(fields.every((d) => /x_debug/.test(d.message)));
  const summary = await runAgainst(s.sim, s.ws);
  t.is(summary.status, 'succeeded');
  const truth = truthOf(s.sim);
  const yearless = truth['movies']!.filter((m) => m['year'] === null).length;
  t.true(yearless > 0, 'some movies come with a null year');
  await exactly(t, s.ws, truth);
  // The quirk off, a backup brings the years back: a known value replaces the null.
  await recovers(t, s, 'backup');
});

test('unreadable-items: two items go to rejected_items with their reasons; rebuild reproduces them', async (t) => {
  const s = await setup(t, 'unreadable-items');
  const report = await doctorOf(s.sim);
  t.deepEqual(
    report.differences.map((d) => [d.resource, d.kind]),
    [
      ['plays', 'unreadable'],
      ['ratings', 'unreadable'],
    ],
  );
  const events: ExtractEvent[] = [];
  const summary = await runAgainst(s.sim, s.ws, { events });
  t.is(summary.status, 'incomplete');
  t.deepEqual(
    summary.extract.problems.map((p) => [p.key, p.problem, p.rejected]),
    [
      ['plays', 'rejected', 1],
      ['ratings', 'rejected', 1],
    ],
  );
  const truth = truthOf(s.sim);
  t.like(
    events.find((e) => e.type === 'resource-incomplete' && e.resource === 'plays'),
    { problem: 'rejected', expected: truth['plays']!.length, received: truth['plays']!.length, rejected: 1 },
  );
  const rejected = await withDuck(s.ws.db, (duck) =>
    duck.all(
      `SELECT run_id, resource, request, position, reason, field, CAST(item AS VARCHAR) AS item
       FROM rejected_items ORDER BY resource`,
    ),
  );
  t.deepEqual(
    rejected.map((r) => [Number(r['run_id']), r['resource'], r['position'], r['field']]),
    [
      [summary.runId, 'plays', 0, 'watched_at'],
      [summary.runId, 'ratings', 0, 'rating'],
    ],
  );
  t.regex(String(rejected[0]?.['reason']), /missing watched_at$/);
  t.regex(String(rejected[1]?.['reason']), /rating is not a 32-bit integer \(got "\d+"\)$/);
  const play = JSON.parse(String(rejected[0]?.['item']));
  const rating = JSON.parse(String(rejected[1]?.['item']));
  t.false('watched_at' in play);
  const spoiled: Affected = {
    plays: new Set([String(play.id)]),
    ratings: new Set([`${rating.type}:${rating[rating.type].ids.trakt}`]),
  };
  const missing = await exactly(t, s.ws, truth, spoiled);
  t.is(missing['plays'], 1);
  t.is(missing['ratings'], 1);
  const store = await Store.open(s.ws.db, { readOnly: true });
  const [run] = await store.lastRuns(1);
  const listed = run === undefined ? [] : lastRunProblems(run, await store.rejectedItems(run.runId));
  await store.close();
  t.deepEqual(listed.slice(0, 2), ['rejected     plays: 1 item', 'rejected     ratings: 1 item']);
  t.regex(listed[2] ?? '', /^ {2}plays, item 0 of GET \/sync\/history\?.*: missing watched_at$/);
  // The archive alone gives the same rejected items, under the run that fetched them.
  const rebuilt = join(s.ws.dir, 'rebuilt.duckdb');
  const copy = await Store.open(rebuilt);
  await rebuild({ archive: s.ws.archive, store: copy, now: () => new Date().toISOString() });
  await copy.close();
  t.deepEqual(
    await withDuck(rebuilt, (duck) =>
      duck.all(
        `SELECT run_id, resource, request, position, reason, field, CAST(item AS VARCHAR) AS item
         FROM rejected_items ORDER BY resource`,
      ),
    ),
    rejected,
  );
  await recovers(t, s, 'backup');
  const after = await withDuck(s.ws.db, (duck) =>
    duck.one<{ n: bigint }>('SELECT count(*) AS n FROM rejected_items WHERE run_id > ?', [summary.runId]),
  );
  t.is(Number(after?.n), 0, 'the next run reads both items');
});

test('doctor against the contract-following simulator finds nothing to report', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: SEED, rateLimit: FAST });
  t.teardown(() => sim.close());
  const report = await doctorOf(sim);
  t.deepEqual(report.differences, []);
  // Every resource, and the largest list of each resource with children (own lists, collaborations).
  const parents = catalog.filter((r) => r.pagination === 'pages' && r.children !== undefined).length;
  t.is(parents, 2);
  t.is(report.checked.length, catalog.length + parents, 'every resource, and the largest list');
  t.true(report.requests <= catalog.length + parents + 2, `${report.requests} requests`);
});
