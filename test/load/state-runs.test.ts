import test from 'ava';
import { DatabaseError } from '../../src/errors.ts';
import { AT, openStore, play } from './helpers.ts';

test('sync_state is written in the commit and read back with numbers and parsed JSON', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1)] });
  await stage.commit({
    runId: run,
    at: '2026-11-01T12:00:00Z',
    scope: { kind: 'all' },
    state: {
      resource: 'plays',
      activities: { watched_at: '2026-10-31T00:00:00.000Z' },
      cursor: { newest: 'x', windows: [1, 2] },
      itemCount: 1,
    },
    extraState: [{ resource: 'list_items:55', itemCount: 0 }],
  });
  const states = await store.syncState();
  t.deepEqual([...states.keys()], ['list_items:55', 'plays']);
  t.deepEqual(states.get('plays'), {
    resource: 'plays',
    activities: { watched_at: '2026-10-31T00:00:00.000Z' },
    cursor: { newest: 'x', windows: [1, 2] },
    itemCount: 1,
    runId: run,
    updatedAt: '2026-11-01T12:00:00.000Z',
  });
  t.deepEqual(states.get('list_items:55'), {
    resource: 'list_items:55',
    activities: null,
    cursor: null,
    itemCount: 0,
    runId: run,
    updatedAt: '2026-11-01T12:00:00.000Z',
  });
});

test('a later commit updates only the state fields it names; dropState and deleteSyncState remove states', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const commit = async (
    spec: Omit<Parameters<Awaited<ReturnType<typeof store.stage>>['commit']>[0], 'runId' | 'at' | 'scope'>,
  ) => {
    const stage = await store.stage('lists');
    return stage.commit({ runId: run, at: AT, scope: { kind: 'upsert' }, ...spec });
  };
  await commit({
    state: { resource: 'lists', activities: { updated_at: 'a' }, cursor: 1, itemCount: 3 },
    extraState: [
      { resource: 'list_items:1', itemCount: 1 },
      { resource: 'list_items:2', itemCount: 2 },
      { resource: 'list_items:3', itemCount: 3 },
    ],
  });
  await commit({
    state: { resource: 'lists', activities: { updated_at: 'b' } },
    dropState: ['list_items:3'],
  });
  const states = await store.syncState();
  t.like(states.get('lists'), { activities: { updated_at: 'b' }, cursor: 1, itemCount: 3 });
  t.false(states.has('list_items:3'));
  t.is(await store.deleteSyncState('list_items:'), 2);
  t.deepEqual([...(await store.syncState()).keys()], ['lists']);
});

test('the run ledger: start, finish, rows_changed from the change log, newest first', async (t) => {
  const store = await openStore(t);
  const first = await store.startRun('backup', '2026-11-01T10:00:00Z');
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1), play(2)] });
  await stage.commit({ runId: first, at: AT, scope: { kind: 'all' } });
  await store.finishRun(first, {
    status: 'incomplete',
    finishedAt: '2026-11-01T10:05:00.000Z',
    requests: 12,
    rateLimited: 1,
    waitedMs: 1500.4,
    error: 'list_items:55 could not be verified complete',
    incompleteResources: ['list_items:55', "it's"],
    unavailableResources: ['notes (GET /users/me/notes/all answered 404)'],
  });
  const second = await store.startRun('sync', '2026-11-01T11:00:00.000Z');
  t.is(second, first + 1);
  const runs = await store.lastRuns(5);
  t.deepEqual(runs, [
    {
      runId: second,
      mode: 'sync',
      startedAt: '2026-11-01T11:00:00.000Z',
      finishedAt: null,
      status: 'running',
      requests: null,
      rateLimited: null,
      rowsChanged: null,
      mediaRowsChanged: null,
      rowsReranked: null,
      replayedRuns: [],
      error: null,
      waitedMs: null,
      incompleteResources: [],
      unavailableResources: [],
    },
    {
      runId: first,
      mode: 'backup',
      startedAt: '2026-11-01T10:00:00.000Z',
      finishedAt: '2026-11-01T10:05:00.000Z',
      status: 'incomplete',
      requests: 12,
      rateLimited: 1,
      rowsChanged: 2,
      mediaRowsChanged: 0,
      rowsReranked: 0,
      replayedRuns: [],
      error: 'list_items:55 could not be verified complete',
      waitedMs: 1500,
      incompleteResources: ['list_items:55', "it's"],
      unavailableResources: ['notes (GET /users/me/notes/all answered 404)'],
    },
  ]);
  t.deepEqual(await store.lastRuns(1).then((r) => r.map((x) => x.runId)), [second]);
  await t.throwsAsync(
    () =>
      store.finishRun(999, { status: 'failed', finishedAt: AT, requests: 0, rateLimited: 0, waitedMs: 0 }),
    { instanceOf: DatabaseError, message: 'there is no run 999 to finish' },
  );
  await t.throwsAsync(() => store.startRun('sync', 'soon'), { message: "'soon' is not an ISO timestamp" });
});

test('tableCounts covers every table of the contract', async (t) => {
  const store = await openStore(t);
  const counts = await store.tableCounts();
  t.deepEqual(Object.keys(counts), [
    'movies',
    'shows',
    'seasons',
    'episodes',
    'people',
    'plays',
    'ratings',
    'watchlist',
    'favorites',
    'collection',
    'watched',
    'playback',
    'lists',
    'list_items',
    'hidden_items',
    'comments',
    'likes',
    'notes',
    'social',
    'saved_filters',
    'profile',
    'stats_snapshots',
    'credits',
  ]);
  t.true(Object.values(counts).every((n) => n === 0));
});
