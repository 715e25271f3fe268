import test from 'ava';
import { normalizeHistoryItem } from '../../src/normalize/history.ts';
import type { RowBatch } from '../../src/normalize/rows.ts';
import { AT, openStore } from './helpers.ts';

// Correctness at volume, not a timing: the rows/s measurement is test/load/measure-staging.ts.
test('200,000 plays staged page by page (with boundary repeats) load exactly once each', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  const total = 200_000;
  const item = (n: number) => ({
    id: 10_000_000_000 + n,
    watched_at: new Date(Date.UTC(2015, 0, 1) + n * 60_000).toISOString(),
    action: 'watch',
    type: n % 10 === 0 ? 'movie' : 'episode',
    movie: { title: `Movie ${n % 500}`, year: 2000, ids: { trakt: 1 + (n % 500) } },
    episode: { season: 1, number: 1 + (n % 20), ids: { trakt: 100_000 + (n % 5000) } },
    show: { title: `Show ${n % 250}`, ids: { trakt: 1 + (n % 250) }, genres: ['drama'] },
  });
  for (let start = 0; start < total; start += 250) {
    const batch: Required<Pick<RowBatch, 'plays' | 'movies' | 'episodes' | 'shows'>> = {
      plays: [],
      movies: [],
      episodes: [],
      shows: [],
    };
    // Each page but the first repeats the previous page's last item (docs/trakt-api.md §2 duplicates at page boundaries).
    for (let n = Math.max(0, start - 1); n < Math.min(total, start + 250); n += 1) {
      const rows = normalizeHistoryItem(item(n), { source: 'GET /sync/history', index: n - start });
      batch.plays.push(...(rows.plays ?? []));
      batch.movies.push(...(rows.movies ?? []));
      batch.episodes.push(...(rows.episodes ?? []));
      batch.shows.push(...(rows.shows ?? []));
    }
    await stage.add(batch);
  }
  t.is(stage.rowCount, total + total / 250 - 1);
  const result = await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  t.is(result.inserted, total);
  // Movies are the plays n % 10 = 0 (50 distinct ids), episodes and shows the others.
  t.deepEqual(result.byTable['movies'], { inserted: 50, updated: 0, deleted: 0 });
  t.like(await store.tableCounts(), { plays: total, movies: 50, shows: 225, episodes: 4500 });
  const summary = await store.duck.one(
    `SELECT count(DISTINCT history_id)::INT AS ids, min(history_id)::DOUBLE AS lo, max(history_id)::DOUBLE AS hi,
            count(*) FILTER (WHERE media_type = 'movie')::INT AS movies,
            strftime(max(watched_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last
     FROM plays`,
  );
  t.deepEqual(summary, {
    ids: total,
    lo: 10_000_000_000,
    hi: 10_000_000_000 + total - 1,
    movies: total / 10,
    last: new Date(Date.UTC(2015, 0, 1) + (total - 1) * 60_000).toISOString(),
  });
  const logged = await store.duck.one('SELECT count(*)::INT AS n FROM change_log WHERE run_id = ?', [run]);
  t.is(logged?.['n'], total + 50 + 225 + 4500);
});
