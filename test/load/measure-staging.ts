/**
 * Measures the loader on N synthetic plays (default 1,000,000): normalizing
 * Trakt-shaped history items page by page (250 per page, docs/trakt-api.md §2 max page
 * size), staging them, then committing. Prints rows/s of each phase and the
 * peak RSS sampled during staging and during the commit.
 *
 *   node --import tsx test/load/measure-staging.ts [N] [rows]
 *
 * With `rows`, the rows are built directly instead of normalized, to time
 * staging alone. CPU seconds are printed too: the machine may be shared.
 *
 * Not an ava test (no *.test.ts): a measurement, run by hand or from bench/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/load/store.ts';
import { normalizeHistoryItem } from '../../src/normalize/history.ts';
import type { RowBatch } from '../../src/normalize/rows.ts';

const total = Number(process.argv[2] ?? 1_000_000);
/** `rows`: stage rows built directly, to time staging without the normalizer. */
const rowsOnly = process.argv[3] === 'rows';
const pageSize = 250;
const dir = mkdtempSync(join(tmpdir(), 'traktdb-measure-'));
const store = await Store.open(join(dir, 'measure.duckdb'));

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 50);

try {
  const runId = await store.startRun('backup', new Date().toISOString());
  const stage = await store.stage('plays');
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let inAdd = 0;
  for (let page = 0; page * pageSize < total; page += 1) {
    const merged: Required<Pick<RowBatch, 'plays' | 'episodes' | 'shows'>> = {
      plays: [],
      episodes: [],
      shows: [],
    };
    for (let i = 0; i < pageSize && page * pageSize + i < total; i += 1) {
      const n = page * pageSize + i;
      const batch = rowsOnly
        ? rowsOf(n)
        : normalizeHistoryItem(historyItem(n), { source: 'GET /sync/history', index: i });
      merged.plays.push(...(batch.plays ?? []));
      merged.episodes.push(...(batch.episodes ?? []));
      merged.shows.push(...(batch.shows ?? []));
    }
    const before = performance.now();
    await stage.add(merged);
    inAdd += performance.now() - before;
  }
  const cpu = process.cpuUsage(cpuStart);
  const staged = performance.now();
  sample();
  const stagingPeak = peak;
  const result = await stage.commit({ runId, at: new Date().toISOString(), scope: { kind: 'all' } });
  const committed = performance.now();
  sample();
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    JSON.stringify(
      {
        plays: total,
        phase: rowsOnly ? 'stage prebuilt rows' : 'normalize + stage',
        stagedRows: stage.rowCount,
        stagingCpuSeconds: ((cpu.user + cpu.system) / 1e6).toFixed(2),
        stagingSeconds: seconds(staged - started),
        stagingRowsPerSecond: Math.round(total / ((staged - started) / 1000)),
        // Time inside Stage.add alone (serializing and writing), without building the items.
        stageAddSeconds: seconds(inAdd),
        stageAddRowsPerSecond: Math.round(total / (inAdd / 1000)),
        commitSeconds: seconds(committed - staged),
        totalRowsPerSecond: Math.round(total / ((committed - started) / 1000)),
        peakRssDuringStagingMB: Math.round(stagingPeak / 1e6),
        peakRssOverallMB: Math.round(peak / 1e6),
        inserted: result.inserted,
        mediaUpserted: result.mediaUpserted,
      },
      null,
      2,
    ),
  );
} finally {
  clearInterval(timer);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/** The rows normalizeHistoryItem makes of historyItem(n), built directly. */
function rowsOf(n: number): RowBatch {
  const item = historyItem(n);
  const show = item.show;
  const episode = item.episode;
  return {
    plays: [
      {
        history_id: item.id,
        watched_at: item.watched_at,
        action: item.action,
        media_type: 'episode',
        movie_trakt_id: null,
        show_trakt_id: show.ids.trakt,
        episode_trakt_id: episode.ids.trakt,
      },
    ],
    episodes: [
      {
        trakt_id: episode.ids.trakt,
        show_trakt_id: show.ids.trakt,
        season: episode.season,
        number: episode.number,
        title: episode.title,
        runtime_min: episode.runtime,
        first_aired: episode.first_aired,
        imdb_id: episode.ids.imdb,
        tmdb_id: episode.ids.tmdb,
        tvdb_id: episode.ids.tvdb,
      },
    ],
    shows: [
      {
        trakt_id: show.ids.trakt,
        slug: show.ids.slug,
        title: show.title,
        year: show.year,
        imdb_id: show.ids.imdb,
        tmdb_id: show.ids.tmdb,
        tvdb_id: show.ids.tvdb,
        runtime_min: show.runtime,
        network: show.network,
        country: null,
        status: show.status,
        genres: show.genres,
        aired_episodes: show.aired_episodes,
        first_aired: null,
        community_rating: show.rating,
        votes: show.votes,
      },
    ],
  };
}

/** A history item as /sync/history?extended=full sends it: 300 shows, 40 episodes each. */
function historyItem(n: number) {
  const show = n % 300;
  const episode = show * 1000 + ((n * 7) % 40);
  return {
    id: 5_000_000_000 + n,
    watched_at: new Date(Date.UTC(2010, 0, 1) + n * 600_000).toISOString(),
    action: n % 3 === 0 ? 'scrobble' : 'watch',
    type: 'episode',
    episode: {
      season: 1 + (episode % 5),
      number: 1 + (episode % 40),
      title: `Episode ${episode} – “quoted”`,
      ids: {
        trakt: 1_000_000 + episode,
        tvdb: 2_000_000 + episode,
        imdb: `tt${9_000_000 + episode}`,
        tmdb: episode,
      },
      runtime: 42,
      first_aired: '2015-03-01T01:00:00.000Z',
    },
    show: {
      title: `Show ${show}`,
      year: 2000 + (show % 20),
      ids: {
        trakt: 10 + show,
        slug: `show-${show}`,
        tvdb: 300 + show,
        imdb: `tt${100 + show}`,
        tmdb: 400 + show,
      },
      runtime: 45,
      genres: ['drama', 'comedy'],
      network: 'HBO',
      status: 'ended',
      aired_episodes: 40,
      rating: 8.1,
      votes: 1000 + show,
    },
  };
}
