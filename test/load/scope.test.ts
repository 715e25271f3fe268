import test from 'ava';
import { AT, changeLog, listItem as item, openStore, play, plays } from './helpers.ts';

test('a where commit replaces only its list; other lists are untouched', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  for (const list of [1, 2]) {
    const stage = await store.stage('list_items');
    await stage.add({ list_items: [item(list, 10), item(list, 11), item(list, 12)] });
    await stage.commit({ runId: run, at: AT, scope: { kind: 'where', equals: { list_trakt_id: list } } });
  }
  const sync = await store.startRun('sync', AT);
  const stage = await store.stage('list_items');
  await stage.add({ list_items: [item(1, 10, 5), item(1, 13)] });
  const result = await stage.commit({
    runId: sync,
    at: AT,
    scope: { kind: 'where', equals: { list_trakt_id: 1 } },
  });
  // Item 10 only moved: re-ranked, not changed (docs/sync.md "What the numbers mean").
  t.like(result, { inserted: 1, updated: 0, reranked: 1, deleted: 2 });
  const rows = await store.duck.all(
    'SELECT list_trakt_id::INT AS l, list_item_id::INT AS i, rank FROM list_items ORDER BY 1, 2',
  );
  t.deepEqual(rows, [
    { l: 1, i: 10, rank: 5 },
    { l: 1, i: 13, rank: 13 },
    { l: 2, i: 10, rank: 10 },
    { l: 2, i: 11, rank: 11 },
    { l: 2, i: 12, rank: 12 },
  ]);
  t.deepEqual(
    (await changeLog(store, sync)).map((r) => `${r.op} ${r.key}`),
    ['delete 1:11', 'delete 1:12', 'insert 1:13', 'update 1:10'],
  );
});

test('a where commit on a text column (hidden items of one section)', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const hide = (section: string, id: number) => ({
    section,
    media_type: 'show',
    trakt_id: id,
    hidden_at: null,
  });
  const s1 = await store.stage('hidden_items');
  await s1.add({ hidden_items: [hide('calendar', 1), hide("it's", 1), hide('calendar', 2)] });
  await s1.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  const s2 = await store.stage('hidden_items');
  t.like(await s2.commit({ runId: run, at: AT, scope: { kind: 'where', equals: { section: "it's" } } }), {
    deleted: 1,
  });
  t.deepEqual(await store.duck.all('SELECT section, trakt_id::INT AS id FROM hidden_items ORDER BY 2'), [
    { section: 'calendar', id: 1 },
    { section: 'calendar', id: 2 },
  ]);
});

test('a range commit deletes only inside the range (inclusive), and inserts what it staged', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const s1 = await store.stage('plays');
  await s1.add({ plays: [1, 2, 3, 4, 5, 6].map((id) => play(id)) });
  await s1.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  // play(n) is watched at 2024-01-01 + n hours; the window covers plays 2..4.
  const sync = await store.startRun('sync', AT);
  const s2 = await store.stage('plays');
  await s2.add({ plays: [play(3), play(7, { watched_at: '2024-01-01T03:30:00.000Z' })] });
  const result = await s2.commit({
    runId: sync,
    at: AT,
    scope: {
      kind: 'range',
      column: 'watched_at',
      from: '2024-01-01T02:00:00.000Z',
      to: '2024-01-01T04:00:00Z',
    },
  });
  t.like(result, { inserted: 1, updated: 0, deleted: 2 });
  t.deepEqual(
    (await plays(store)).map((p) => p.history_id),
    [1, 3, 5, 6, 7],
  );
});

test('an open-ended range and a range with equals', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const s1 = await store.stage('plays');
  await s1.add({
    plays: [
      play(1),
      play(2),
      play(3, { media_type: 'movie', movie_trakt_id: 9, show_trakt_id: null, episode_trakt_id: null }),
      play(4),
    ],
  });
  await s1.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  const s2 = await store.stage('plays');
  await s2.commit({
    runId: run,
    at: AT,
    scope: {
      kind: 'range',
      column: 'watched_at',
      from: '2024-01-01T02:00:00.000Z',
      equals: { media_type: 'movie' },
    },
  });
  t.deepEqual(
    (await plays(store)).map((p) => p.history_id),
    [1, 2, 4],
  );
  const s3 = await store.stage('plays');
  await s3.commit({
    runId: run,
    at: AT,
    scope: { kind: 'range', column: 'watched_at', to: '2024-01-01T02:00:00.000Z' },
  });
  t.deepEqual(
    (await plays(store)).map((p) => p.history_id),
    [4],
  );
});

test('an upsert commit never deletes (stats snapshots accumulate)', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const snapshot = (fetched_at: string, plays: number) => ({
    fetched_at,
    movies_plays: plays,
    movies_watched: null,
    movies_minutes: null,
    movies_collected: null,
    movies_ratings: null,
    movies_comments: null,
    shows_watched: null,
    shows_collected: null,
    shows_ratings: null,
    shows_comments: null,
    seasons_ratings: null,
    seasons_comments: null,
    episodes_plays: null,
    episodes_watched: null,
    episodes_minutes: null,
    episodes_collected: null,
    episodes_ratings: null,
    episodes_comments: null,
    network_friends: null,
    network_followers: null,
    network_following: null,
    ratings_total: null,
    ratings_1: null,
    ratings_2: null,
    ratings_3: null,
    ratings_4: null,
    ratings_5: null,
    ratings_6: null,
    ratings_7: null,
    ratings_8: null,
    ratings_9: null,
    ratings_10: null,
  });
  for (const [at, n] of [
    ['2026-11-01T00:00:00.000Z', 10],
    ['2026-11-02T00:00:00.000Z', 12],
  ] as const) {
    const stage = await store.stage('stats_snapshots');
    await stage.add({ stats_snapshots: [snapshot(at, n)] });
    t.like(await stage.commit({ runId: run, at: AT, scope: { kind: 'upsert' } }), {
      inserted: 1,
      deleted: 0,
    });
  }
  t.is((await store.tableCounts())['stats_snapshots'], 2);
  const log = await changeLog(store, run);
  t.deepEqual(
    log.map((r) => r.key),
    ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z'],
  );
});

test('a scope naming a column the table lacks is refused', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await t.throwsAsync(
    () => stage.commit({ runId: run, at: AT, scope: { kind: 'where', equals: { nope: 1 } } }),
    {
      message: 'a load scope names column nope, which plays does not have',
    },
  );
});

test('countRange counts the same inclusive window a range commit replaces; newest gives ISO text', async (t) => {
  const store = await openStore(t);
  t.is(await store.newest('plays', 'watched_at'), undefined);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [1, 2, 3, 4, 5].map((id) => play(id)) });
  await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.is(
    await store.countRange('plays', 'watched_at', '2024-01-01T02:00:00.000Z', '2024-01-01T04:00:00.000Z'),
    3,
  );
  t.is(await store.countRange('plays', 'watched_at', '2024-01-01T04:00:00Z'), 2);
  t.is(await store.countRange('plays', 'watched_at', undefined, '2024-01-01T01:00:00.000Z'), 1);
  t.is(await store.countRange('plays', 'watched_at'), 5);
  t.is(await store.newest('plays', 'watched_at'), '2024-01-01T05:00:00.000Z');
  t.is(await store.newest('plays', 'history_id'), '5');
  await t.throwsAsync(() => store.countRange('plays; DROP TABLE plays', 'watched_at'), {
    message: 'plays; DROP TABLE plays is not a table of the traktdb schema',
  });
  await t.throwsAsync(() => store.newest('plays', 'nope'), { message: 'table plays has no column nope' });
});
