import test from 'ava';
import { AT, changeLog, openStore, play, plays } from './helpers.ts';

test('stage + commit inserts rows and logs each insert with its full new row', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await stage.add({
    plays: [
      play(1),
      play(2, { media_type: 'movie', movie_trakt_id: 343, show_trakt_id: null, episode_trakt_id: null }),
    ],
  });
  t.is(stage.rowCount, 2);
  const result = await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.deepEqual(result, {
    inserted: 2,
    updated: 0,
    deleted: 0,
    mediaUpserted: 0,
    rejected: 0,
    byTable: { plays: { inserted: 2, updated: 0, deleted: 0 } },
  });
  t.deepEqual(await plays(store), [
    play(1),
    play(2, { media_type: 'movie', movie_trakt_id: 343, show_trakt_id: null, episode_trakt_id: null }),
  ]);
  t.deepEqual(await changeLog(store, run), [
    { table_name: 'plays', op: 'insert', key: '1', old_row: null, new_row: play(1) },
    {
      table_name: 'plays',
      op: 'insert',
      key: '2',
      old_row: null,
      new_row: play(2, {
        media_type: 'movie',
        movie_trakt_id: 343,
        show_trakt_id: null,
        episode_trakt_id: null,
      }),
    },
  ]);
  const logged = await store.duck.one(
    `SELECT strftime(changed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at FROM change_log LIMIT 1`,
  );
  t.is(logged?.['at'], AT);
});

test('rows staged twice (page-boundary repeats) count once, and the last one wins', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1), play(2, { action: 'scrobble' })] });
  await stage.add({ plays: [play(2, { action: 'checkin' }), play(3)] });
  t.is(stage.rowCount, 4);
  const result = await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.is(result.inserted, 3);
  t.deepEqual(
    (await plays(store)).map((p) => [p.history_id, p.action]),
    [
      [1, 'watch'],
      [2, 'checkin'],
      [3, 'watch'],
    ],
  );
});

test('a second commit logs updates (old and new row) and deletes (old row kept in full)', async (t) => {
  const store = await openStore(t);
  const first = await store.startRun('backup', AT);
  const s1 = await store.stage('plays');
  await s1.add({ plays: [play(1), play(2), play(3)] });
  await s1.commit({ runId: first, at: AT, scope: { kind: 'all' } });

  const second = await store.startRun('sync', AT);
  const s2 = await store.stage('plays');
  await s2.add({ plays: [play(1), play(2, { watched_at: '2024-05-05T05:05:05.123Z' }), play(4)] });
  const result = await s2.commit({ runId: second, at: '2026-11-02T00:00:00.000Z', scope: { kind: 'all' } });
  t.deepEqual(result, {
    inserted: 1,
    updated: 1,
    deleted: 1,
    mediaUpserted: 0,
    rejected: 0,
    byTable: { plays: { inserted: 1, updated: 1, deleted: 1 } },
  });
  t.deepEqual(await changeLog(store, second), [
    { table_name: 'plays', op: 'delete', key: '3', old_row: play(3), new_row: null },
    { table_name: 'plays', op: 'insert', key: '4', old_row: null, new_row: play(4) },
    {
      table_name: 'plays',
      op: 'update',
      key: '2',
      old_row: play(2),
      new_row: play(2, { watched_at: '2024-05-05T05:05:05.123Z' }),
    },
  ]);
  t.deepEqual(
    (await plays(store)).map((p) => p.history_id),
    [1, 2, 4],
  );
});

test('committing identical data twice changes nothing the second time', async (t) => {
  const store = await openStore(t);
  const load = async (runId: number) => {
    const stage = await store.stage('plays');
    await stage.add({
      plays: [play(1), play(2)],
      shows: [
        {
          trakt_id: 7,
          slug: 's',
          title: 'Show',
          year: 2020,
          imdb_id: null,
          tmdb_id: null,
          tvdb_id: null,
          runtime_min: 45,
          network: null,
          country: null,
          status: null,
          genres: ['drama'],
          aired_episodes: 10,
          first_aired: '2020-01-01T00:00:00.000Z',
          community_rating: 8.25,
          votes: 10,
        },
      ],
    });
    return stage.commit({
      runId,
      at: AT,
      scope: { kind: 'all' },
      state: { resource: 'plays', itemCount: 2 },
    });
  };
  const first = await store.startRun('backup', AT);
  t.like(await load(first), { inserted: 2, mediaUpserted: 1 });
  const second = await store.startRun('backup', AT);
  t.deepEqual(await load(second), {
    inserted: 0,
    updated: 0,
    deleted: 0,
    mediaUpserted: 0,
    byTable: {},
    rejected: 0,
  });
  t.deepEqual(await changeLog(store, second), []);
  await store.finishRun(second, {
    status: 'succeeded',
    finishedAt: AT,
    requests: 1,
    rateLimited: 0,
    waitedMs: 0,
  });
  t.is((await store.lastRuns(1))[0]?.rowsChanged, 0);
});

test('an empty commit with scope all empties the table', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const s1 = await store.stage('ratings');
  await s1.add({ ratings: [{ media_type: 'movie', trakt_id: 1, rating: 9, rated_at: null }] });
  await s1.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  const s2 = await store.stage('ratings');
  t.like(await s2.commit({ runId: run, at: AT, scope: { kind: 'all' } }), { deleted: 1 });
  t.deepEqual(await store.tableCounts().then((c) => c['ratings']), 0);
  const log = await changeLog(store, run);
  t.deepEqual(log.find((row) => row.op === 'delete') ?? null, {
    table_name: 'ratings',
    op: 'delete',
    key: 'movie:1',
    old_row: { media_type: 'movie', trakt_id: 1, rating: 9, rated_at: null },
    new_row: null,
  });
});

test('discard drops what was staged; the stage can be filled again', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1), play(2)] });
  await stage.discard();
  t.is(stage.rowCount, 0);
  await stage.add({ plays: [play(3)] });
  await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.deepEqual(
    (await plays(store)).map((p) => p.history_id),
    [3],
  );
  await t.throwsAsync(() => stage.add({ plays: [play(4)] }), { message: /already committed/ });
});

test('a batch carrying another mirror table is refused', async (t) => {
  const store = await openStore(t);
  const stage = await store.stage('plays');
  await t.throwsAsync(
    () => stage.add({ ratings: [{ media_type: 'movie', trakt_id: 1, rating: 9, rated_at: null }] }),
    {
      message: 'a batch for the plays stage carries ratings rows, which belong to another load',
    },
  );
});

test('a failing commit rolls everything back and names the table', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  // watched_at is NOT NULL; a row without it makes the merge fail after media rows went in.
  await stage.add({
    plays: [{ ...play(1), watched_at: 'not a time' }],
    movies: [
      {
        trakt_id: 1,
        slug: null,
        title: 'M',
        year: null,
        imdb_id: null,
        tmdb_id: null,
        runtime_min: null,
        released: null,
        genres: null,
        certification: null,
        country: null,
        language: null,
        community_rating: null,
        votes: null,
      },
    ],
  });
  const error = await t.throwsAsync(() =>
    stage.commit({ runId: run, at: AT, scope: { kind: 'all' }, state: { resource: 'plays' } }),
  );
  t.regex(error?.message ?? '', /^loading plays into .* failed: /);
  t.like(await store.tableCounts(), { movies: 0, plays: 0 });
  t.is((await store.syncState()).size, 0);
  t.deepEqual(await changeLog(store, run), []);
});
