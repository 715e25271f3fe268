import test from 'ava';
import type { RatingRow } from '../../src/normalize/rows.ts';
import { AT, changeLog, openStore, play } from './helpers.ts';

test('several resources staged and committed concurrently from async tasks each land exactly', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const show = (id: number) => ({
    trakt_id: id,
    slug: `s${id}`,
    title: `Show ${id}`,
    year: null,
    imdb_id: null,
    tmdb_id: null,
    tvdb_id: null,
    runtime_min: id,
    network: null,
    country: null,
    status: null,
    genres: null,
    aired_episodes: null,
    first_aired: null,
    community_rating: null,
    votes: null,
  });
  const loadPlays = async () => {
    const stage = await store.stage('plays');
    for (let page = 0; page < 20; page += 1) {
      const ids = Array.from({ length: 250 }, (_, i) => page * 250 + i + 1);
      await stage.add({ plays: ids.map((id) => play(id)), shows: [show(7), show(8)] });
      await Promise.resolve();
    }
    return stage.commit({
      runId: run,
      at: AT,
      scope: { kind: 'all' },
      state: { resource: 'plays', itemCount: 5000 },
    });
  };
  const loadRatings = async (type: RatingRow['media_type'], count: number) => {
    const stage = await store.stage('ratings');
    const rows = Array.from(
      { length: count },
      (_, i): RatingRow => ({ media_type: type, trakt_id: i + 1, rating: 1 + (i % 10), rated_at: AT }),
    );
    for (let i = 0; i < rows.length; i += 100) {
      await stage.add({ ratings: rows.slice(i, i + 100), shows: [show(8), show(9)] });
    }
    return stage.commit({
      runId: run,
      at: AT,
      scope: { kind: 'where', equals: { media_type: type } },
      state: { resource: `ratings:${type}` },
    });
  };
  const loadLists = async (list: number) => {
    const stage = await store.stage('list_items');
    const items = Array.from({ length: 300 }, (_, i) => ({
      list_trakt_id: list,
      list_item_id: i + 1,
      rank: i + 1,
      listed_at: AT,
      notes: null,
      media_type: 'movie' as const,
      trakt_id: i + 1,
    }));
    for (let i = 0; i < items.length; i += 50) await stage.add({ list_items: items.slice(i, i + 50) });
    return stage.commit({ runId: run, at: AT, scope: { kind: 'where', equals: { list_trakt_id: list } } });
  };
  const results = await Promise.all([
    loadPlays(),
    loadRatings('movie', 700),
    loadRatings('show', 300),
    loadLists(1),
    loadLists(2),
    loadLists(3),
  ]);
  t.deepEqual(
    results.map((r) => r.inserted),
    [5000, 700, 300, 300, 300, 300],
  );
  t.like(await store.tableCounts(), { plays: 5000, ratings: 1000, list_items: 900, shows: 3 });
  t.deepEqual([...(await store.syncState()).keys()], ['plays', 'ratings:movie', 'ratings:show']);
  const log = await changeLog(store, run);
  t.is(log.filter((r) => r.op === 'insert').length, 5000 + 1000 + 900 + 3);
  t.is(log.filter((r) => r.op !== 'insert').length, 0);
  const shows = await store.duck.all('SELECT trakt_id::INT AS id, runtime_min FROM shows ORDER BY 1');
  t.deepEqual(shows, [
    { id: 7, runtime_min: 7 },
    { id: 8, runtime_min: 8 },
    { id: 9, runtime_min: 9 },
  ]);
});
