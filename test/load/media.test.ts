import test from 'ava';
import type { MovieRow, ShowRow } from '../../src/normalize/rows.ts';
import { AT, changeLog, openStore, play } from './helpers.ts';

const movie = (overrides: Partial<MovieRow> = {}): MovieRow => ({
  trakt_id: 343,
  slug: 'tron-legacy-2010',
  title: 'TRON: Legacy',
  year: 2010,
  imdb_id: 'tt1104001',
  tmdb_id: 20526,
  runtime_min: null,
  released: null,
  genres: null,
  certification: null,
  country: null,
  language: null,
  community_rating: null,
  votes: null,
  ...overrides,
});

const show = (overrides: Partial<ShowRow> = {}): ShowRow => ({
  trakt_id: 7,
  slug: 'show',
  title: 'Show',
  year: 2020,
  imdb_id: null,
  tmdb_id: null,
  tvdb_id: null,
  runtime_min: null,
  network: null,
  country: null,
  status: null,
  genres: null,
  aired_episodes: null,
  first_aired: null,
  community_rating: null,
  votes: null,
  ...overrides,
});

async function loadMovies(store: Awaited<ReturnType<typeof openStore>>, runId: number, movies: MovieRow[]) {
  const stage = await store.stage('ratings');
  await stage.add({ movies });
  return stage.commit({ runId, at: AT, scope: { kind: 'upsert' } });
}

test('media upsert: new rows inserted; nulls never overwrite known values; changed values update and are logged', async (t) => {
  const store = await openStore(t);
  const run1 = await store.startRun('backup', AT);
  await loadMovies(store, run1, [
    movie({ runtime_min: 125, genres: ['action', 'sci-fi'], released: '2010-12-16', community_rating: 8 }),
  ]);
  // A payload without extended=full: title changed, everything else null.
  const run2 = await store.startRun('sync', AT);
  const result = await loadMovies(store, run2, [movie({ title: 'Tron: Legacy', slug: null, imdb_id: null })]);
  t.deepEqual(result.byTable, { movies: { inserted: 0, updated: 1, deleted: 0 } });
  t.is(result.mediaUpserted, 1);
  const row = await store.duck.one(
    `SELECT title, slug, imdb_id, runtime_min, genres, CAST(released AS VARCHAR) AS released, community_rating FROM movies`,
  );
  t.deepEqual(row, {
    title: 'Tron: Legacy',
    slug: 'tron-legacy-2010',
    imdb_id: 'tt1104001',
    runtime_min: 125,
    genres: ['action', 'sci-fi'],
    released: '2010-12-16',
    community_rating: 8,
  });
  const full = movie({
    runtime_min: 125,
    genres: ['action', 'sci-fi'],
    released: '2010-12-16',
    community_rating: 8,
  });
  t.deepEqual(await changeLog(store, run2), [
    {
      table_name: 'movies',
      op: 'update',
      key: '343',
      old_row: full,
      new_row: { ...full, title: 'Tron: Legacy' },
    },
  ]);
  // The same partial payload again changes nothing.
  const run3 = await store.startRun('sync', AT);
  t.is(
    (await loadMovies(store, run3, [movie({ title: 'Tron: Legacy', slug: null, imdb_id: null })]))
      .mediaUpserted,
    0,
  );
  t.deepEqual(await changeLog(store, run3), []);
});

test('media staged several times in one load fold to the last non-null value of each column', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1)], shows: [show({ runtime_min: 30, network: 'HBO' })] });
  await stage.add({ plays: [play(2)], shows: [show({ runtime_min: 45, genres: ['drama'] })] });
  await stage.add({ plays: [play(3)], shows: [show()] });
  const result = await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.deepEqual(result.byTable['shows'], { inserted: 1, updated: 0, deleted: 0 });
  t.deepEqual(await store.duck.one('SELECT runtime_min, network, genres FROM shows'), {
    runtime_min: 45,
    network: 'HBO',
    genres: ['drama'],
  });
});

test('media rows are never deleted by a mirror load', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const s1 = await store.stage('plays');
  await s1.add({ plays: [play(1)], shows: [show()] });
  await s1.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  const s2 = await store.stage('plays');
  await s2.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.like(await store.tableCounts(), { plays: 0, shows: 1 });
});

test('timestamps, dates, doubles, booleans, lists and unicode round-trip exactly', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('collection');
  await stage.add({
    shows: [
      show({
        title: 'Ça 😀 "q" \\ \u0000 日本',
        first_aired: '2011-04-18T01:00:00.123Z',
        community_rating: 8.123456789,
        genres: [],
      }),
    ],
    collection: [
      {
        media_type: 'episode',
        trakt_id: 5,
        collected_at: '2014-09-01T09:10:11.999Z',
        updated_at: null,
        media_format: 'bluray',
        resolution: null,
        hdr: null,
        audio: null,
        audio_channels: '7.1',
        is_3d: false,
      },
    ],
  });
  await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  const log = await changeLog(store, run);
  t.deepEqual(log.find((r) => r.table_name === 'shows')?.new_row, {
    ...show(),
    title: 'Ça 😀 "q" \\ \u0000 日本',
    first_aired: '2011-04-18T01:00:00.123Z',
    community_rating: 8.123456789,
    genres: [],
  });
  t.deepEqual(log.find((r) => r.table_name === 'collection')?.new_row, {
    media_type: 'episode',
    trakt_id: 5,
    collected_at: '2014-09-01T09:10:11.999Z',
    updated_at: null,
    media_format: 'bluray',
    resolution: null,
    hdr: null,
    audio: null,
    audio_channels: '7.1',
    is_3d: false,
  });
  t.is(log.find((r) => r.table_name === 'collection')?.key, 'episode:5');
});

test('a row with a lone surrogate (not from a normalizer) still loads, made well-formed', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('import', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1, { action: 'w\ud800x' })] });
  await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.is((await store.duck.one('SELECT action FROM plays'))?.['action'], 'w\ufffdx');
});

test('a changed genres list updates the row in place (no delete-and-reinsert of the key)', async (t) => {
  const store = await openStore(t);
  const run1 = await store.startRun('backup', AT);
  await loadMovies(store, run1, [movie({ genres: ['action'] }), movie({ trakt_id: 1, genres: ['drama'] })]);
  const run2 = await store.startRun('sync', AT);
  const result = await loadMovies(store, run2, [
    movie({ genres: ['action', 'sci-fi'] }),
    movie({ trakt_id: 1, genres: ['drama'] }),
  ]);
  t.deepEqual(result.byTable, { movies: { inserted: 0, updated: 1, deleted: 0 } });
  t.deepEqual(await store.duck.all('SELECT trakt_id::INT AS id, genres FROM movies ORDER BY 1'), [
    { id: 1, genres: ['drama'] },
    { id: 343, genres: ['action', 'sci-fi'] },
  ]);
});
