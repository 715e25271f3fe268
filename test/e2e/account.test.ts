import test, { type ExecutionContext } from 'ava';
import type { Duck } from '../../src/load/duck.ts';
import { runReport } from '../../src/reports/run-report.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { diffTable, readTable, withDuck } from '../helpers/tables.ts';
import { restoreAgainst, rowsByResource } from '../restore/helpers.ts';

/**
 * The rest of the account (docs/account.md): followers, following, friends,
 * follow requests, the lists the account collaborates on and VIP saved
 * filters, against the simulator's tiny account.
 */

const FAST = { limit: 1000, windowMs: 1000 };
const SOCIAL_PATHS = [
  '/users/me/followers',
  '/users/me/following',
  '/users/me/friends',
  '/users/requests',
  '/users/requests/following',
];
const FILTER_PATHS = ['movies', 'shows', 'calendars', 'search'].map((s) => `/users/saved_filters/${s}`);
const TABLES = ['social', 'saved_filters', 'lists', 'list_items'] as const;

async function simulator(t: ExecutionContext, options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ profile: 'tiny', rateLimit: FAST, ...options });
  t.teardown(() => sim.close());
  return sim;
}

/** API paths asked since the log was cleared, without the query. */
function paths(sim: Simulator): string[] {
  return sim
    .requests()
    .filter((r) => !r.path.startsWith('/_sim'))
    .map((r) => r.path.split('?')[0] ?? r.path);
}

async function expectExact(t: ExecutionContext, db: string, sim: Simulator) {
  const truth = sim.truth() as unknown as Record<string, Record<string, unknown>[]>;
  await withDuck(db, async (duck) => {
    for (const table of TABLES) {
      const actual = await readTable(duck, table);
      t.deepEqual(diffTable(table, actual, truth[table] ?? []), [], table);
      t.is(actual.size, truth[table]?.length ?? 0, `rows of ${table}`);
    }
  });
}

async function changes(duck: Duck, runId: number, table: string) {
  const rows = await duck.all(
    `SELECT op, key FROM change_log WHERE run_id = ${runId} AND table_name = '${table}' ORDER BY op, key`,
  );
  return rows.map((r) => `${String(r['op'])} ${String(r['key'])}`);
}

test('a backup loads every relation, the collaboration lists and the saved filters exact; slug-only users keep a NULL id; a second backup changes nothing', async (t) => {
  const sim = await simulator(t, { seed: 31, quirks: ['slug-only-users'] });
  const ws = await workspace(t);
  const first = await runAgainst(sim, ws);
  t.is(first.status, 'succeeded');
  await expectExact(t, ws.db, sim);
  const truth = sim.truth();
  const byRelation = (relation: string) => truth.social.filter((s) => s.relation === relation).length;
  await withDuck(ws.db, async (duck) => {
    const rows = await duck.all(
      'SELECT relation, count(*)::INT AS n, count(user_trakt_id)::INT AS ids FROM social GROUP BY relation ORDER BY relation',
    );
    t.deepEqual(
      rows,
      ['follower', 'following', 'friend', 'request_in', 'request_out'].map((relation) => ({
        relation,
        n: byRelation(relation),
        ids: 0,
      })),
    );
    t.true(
      rows.every((r) => Number(r['n']) > 0),
      'the tiny account has every relation',
    );
    // Friends are exactly the mutual follows.
    const mutual = await duck.one(
      `SELECT count(*)::INT AS n FROM social f JOIN social g ON f.user_slug = g.user_slug
       WHERE f.relation = 'follower' AND g.relation = 'following'`,
    );
    t.is(mutual?.['n'], byRelation('friend'));
    const lists = await duck.all(
      'SELECT collaboration, count(*)::INT AS n, count(DISTINCT owner_slug)::INT AS owners FROM lists GROUP BY ALL ORDER BY ALL',
    );
    const collaborations = truth.lists.filter((l) => l.collaboration);
    t.true(collaborations.length > 0);
    t.deepEqual(lists, [
      { collaboration: false, n: truth.lists.length - collaborations.length, owners: 1 },
      {
        collaboration: true,
        n: collaborations.length,
        owners: new Set(collaborations.map((l) => l.owner_slug)).size,
      },
    ]);
  });
  // One request per relation and per collaboration list's items, under the list's owner.
  const asked = paths(sim);
  for (const path of SOCIAL_PATHS) t.is(asked.filter((p) => p === path).length, 1, path);
  for (const list of truth.lists.filter((l) => l.collaboration)) {
    t.is(asked.filter((p) => p === `/users/${list.owner_slug}/lists/${list.list_trakt_id}/items`).length, 1);
  }

  const second = await runAgainst(sim, ws);
  t.is(second.status, 'succeeded');
  await withDuck(ws.db, async (duck) => {
    for (const table of TABLES) t.deepEqual(await changes(duck, second.runId, table), [], table);
  });
});

test('a sync asks nothing of them when nothing moved; a follow, an unfollow, a new request, a saved-filter edit and a collaboration edit pull exactly what moved', async (t) => {
  const sim = await simulator(t, { seed: 32 });
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  sim.clearRequests();
  const idle = await runAgainst(sim, ws, { mode: 'sync' });
  t.is(idle.status, 'succeeded');
  t.deepEqual(paths(sim), ['/sync/last_activities']);

  const before = sim.truth().social.find((s) => s.relation === 'following')?.user_slug;
  const followed = sim.mutate.follow();
  const unfollowed = sim.mutate.unfollow(before);
  t.not(followed, unfollowed);
  const requestId = sim.mutate.followRequest();
  const filterId = sim.mutate.savedFilterEdit(undefined, { name: 'Edited' });
  sim.clearRequests();
  const sync = await runAgainst(sim, ws, { mode: 'sync' });
  t.is(sync.status, 'succeeded');
  // The stats snapshot follows any change (`all`); nothing else is asked.
  const asked = paths(sim).filter((p) => p !== '/sync/last_activities' && p !== '/users/me/stats');
  t.deepEqual([...asked].sort(), [...SOCIAL_PATHS, ...FILTER_PATHS].sort());
  await expectExact(t, ws.db, sim);
  const truth = sim.truth();
  const requester = truth.social.find((s) => s.relation === 'request_in' && s.since !== undefined);
  t.truthy(requester);
  await withDuck(ws.db, async (duck) => {
    const social = await changes(duck, sync.runId, 'social');
    t.true(
      social.includes(`insert following:${followed}`) || social.includes(`insert request_out:${followed}`),
    );
    t.true(social.includes(`delete following:${unfollowed}`), social.join(', '));
    t.is(social.filter((c) => c.startsWith('insert request_in:')).length, 1, `request ${requestId}`);
    t.deepEqual(await changes(duck, sync.runId, 'saved_filters'), [`update ${filterId}`]);
  });

  const [shared] = truth.lists.filter((l) => l.collaboration);
  const added = sim.mutate.collaborationAddItems(shared?.list_trakt_id, 2);
  sim.clearRequests();
  const third = await runAgainst(sim, ws, { mode: 'sync' });
  t.deepEqual(
    paths(sim).filter((p) => p !== '/sync/last_activities' && p !== '/users/me/stats'),
    ['/users/me/lists/collaborations', `/users/${shared?.owner_slug}/lists/${shared?.list_trakt_id}/items`],
  );
  await expectExact(t, ws.db, sim);
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(
      await changes(duck, third.runId, 'list_items'),
      added.map((id) => `insert ${shared?.list_trakt_id}:${id}`).sort(),
    );
  });
});

test('a free account: saved filters answered 403, 404 or 426 are empty, not unavailable, and the run exits 0', async (t) => {
  for (const vipRefusal of [403, 404, 426] as const) {
    const sim = await simulator(t, { seed: 33, vip: false, vipRefusal });
    const ws = await workspace(t);
    const summary = await runAgainst(sim, ws);
    t.is(summary.status, 'succeeded', `refused with ${vipRefusal}`);
    t.deepEqual(summary.extract.incomplete, []);
    const refused = sim.requests().filter((r) => r.path.startsWith('/users/saved_filters/'));
    t.deepEqual(
      refused.map((r) => r.status),
      [vipRefusal, vipRefusal, vipRefusal, vipRefusal],
    );
    await withDuck(ws.db, async (duck) => {
      t.is((await readTable(duck, 'saved_filters')).size, 0);
      t.is((await readTable(duck, 'social')).size, sim.truth().social.length);
    });
  }
});

test('stale network numbers in the stats never fail a backup; verify reports them (network_* rows differ by one)', async (t) => {
  const sim = await simulator(t, { seed: 34, quirks: ['stale-network-stats'] });
  const ws = await workspace(t);
  const summary = await runAgainst(sim, ws);
  t.is(summary.status, 'succeeded');
  await expectExact(t, ws.db, sim);
  const truth = sim.truth();
  await withDuck(ws.db, async (duck) => {
    const report = await runReport(duck, 'verify');
    const network = report.rows.filter((r) => String(r['metric']).startsWith('network_'));
    const count = (relation: string) => truth.social.filter((s) => s.relation === relation).length;
    t.deepEqual(network, [
      { metric: 'network_followers', local: count('follower'), trakt: count('follower') + 1, difference: -1 },
      {
        metric: 'network_following',
        local: count('following'),
        trakt: count('following') + 1,
        difference: -1,
      },
      { metric: 'network_friends', local: count('friend'), trakt: count('friend') + 1, difference: -1 },
    ]);
  });
});

test('a collaboration list is never in a restore plan, even when its items are gone', async (t) => {
  const sim = await simulator(t, { seed: 35 });
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const truth = sim.truth();
  const [shared] = truth.lists.filter((l) => l.collaboration);
  const [own] = truth.lists.filter((l) => !l.collaboration);
  sim.mutate.collaborationRemoveItems(shared?.list_trakt_id, 2);
  sim.mutate.listRemoveItems(own?.list_trakt_id ?? 0, 1);
  sim.clearRequests();
  const plan = await restoreAgainst(sim, ws, { only: ['lists'] });
  t.like(rowsByResource(plan)['lists'], { planned: 1, written: 0 });
  t.false(
    paths(sim).some((p) => p.includes('collaborations')),
    'the live collaboration lists are not read',
  );
});

test("a collaboration list whose items answer 404 is named unavailable without its owner's slug; the rest is exact", async (t) => {
  const probe = await simulator(t, { seed: 36 });
  const [shared] = probe.truth().lists.filter((l) => l.collaboration);
  const owner = shared?.owner_slug ?? '';
  const sim = await simulator(t, { seed: 36, quirks: [`404=/users/${owner}/lists`] });
  const ws = await workspace(t);
  const summary = await runAgainst(sim, ws);
  t.is(summary.status, 'incomplete');
  const gone = summary.extract.problems.filter((p) => p.problem === 'unavailable');
  const owned = sim.truth().lists.filter((l) => l.collaboration && l.owner_slug === owner);
  t.deepEqual(
    gone.map((p) => p.key).sort(),
    owned.map((l) => `collaboration_items:${l.list_trakt_id}`).sort(),
  );
  for (const problem of gone) {
    t.regex(problem.reason, /^GET \/users\/\{owner\}\/lists\/\d+\/items answered 404$/);
    t.false(problem.reason.includes(owner));
  }
  await withDuck(ws.db, async (duck) => {
    t.is((await readTable(duck, 'social')).size, sim.truth().social.length);
    const lists = await readTable(duck, 'lists');
    t.is(lists.size, sim.truth().lists.length);
  });
});
