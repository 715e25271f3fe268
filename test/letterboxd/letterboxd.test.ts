import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { UsageError } from '../../src/errors.ts';
import { DIARY_COLUMNS, exportLetterboxd, watchlistPathFor } from '../../src/export/letterboxd.ts';
import { importExport } from '../../src/import/index.ts';
import { Duck } from '../../src/load/duck.ts';
import { Store } from '../../src/load/store.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/env.ts';

const heat = {
  title: 'Heat',
  year: 1995,
  ids: { trakt: 1, slug: 'heat-1995', imdb: 'tt0113277', tmdb: 949 },
};
const amelie = {
  title: 'Amélie, "Le fabuleux destin"',
  year: 2001,
  ids: { trakt: 2, slug: 'amelie-2001', imdb: null, tmdb: 194 },
};
const formula = {
  title: '=SUM(1)',
  year: 2020,
  ids: { trakt: 3, slug: 'sum-2020', imdb: 'tt0000003', tmdb: 3003 },
};
const arrival = {
  title: 'Arrival',
  year: 2016,
  ids: { trakt: 4, slug: 'arrival-2016', imdb: 'tt2543164', tmdb: 329865 },
};
const show = { title: 'Severance', year: 2022, ids: { trakt: 50, slug: 'severance' } };
const episode = { season: 1, number: 1, title: 'Good News About Hell', ids: { trakt: 501 } };

const played = (id: number, at: string, movie: object) => ({
  id,
  watched_at: at,
  action: 'watch',
  type: 'movie',
  movie,
});

/**
 * A small account in America/New_York: plays either side of local midnight
 * (EST and EDT), a backdated play (larger id, older time), an episode play,
 * ratings given after the plays they apply to, and a watchlist with a show.
 */
async function account(t: ExecutionContext, timezone: string | null): Promise<string> {
  const dir = await tempDir(t);
  const files = join(dir, 'export');
  await mkdir(files);
  const write = (name: string, value: unknown) => writeFile(join(files, name), JSON.stringify(value));
  await write('user-settings.json', {
    user: { username: 'lb', ids: { slug: 'lb', trakt: 9 } },
    account: { timezone },
  });
  await write('watched-history-1.json', [
    played(107, '2023-01-01T12:00:00.000Z', amelie), // backdated: Amélie's first play
    played(101, '2024-03-10T03:30:00.000Z', heat), // 22:30 EST on March 9
    played(105, '2024-05-05T12:00:00.000Z', formula),
    played(102, '2024-07-04T03:59:00.000Z', heat), // 23:59 EDT on July 3
    played(103, '2024-11-03T03:30:00.000Z', amelie), // 23:30 EDT on November 2
    played(104, '2025-01-01T04:59:59.000Z', heat), // 23:59:59 EST on New Year's Eve
    { id: 106, watched_at: '2024-06-01T01:00:00.000Z', action: 'watch', type: 'episode', episode, show },
  ]);
  await write('ratings-movies.json', [
    { rated_at: '2024-06-01T00:00:00.000Z', rating: 9, type: 'movie', movie: heat },
    { rated_at: '2020-01-01T00:00:00.000Z', rating: 6, type: 'movie', movie: formula },
  ]);
  await write('lists-watchlist.json', [
    { rank: 1, id: 11, listed_at: '2024-01-01T00:00:00.000Z', notes: null, type: 'show', show },
    { rank: 2, id: 12, listed_at: '2024-01-02T00:00:00.000Z', notes: null, type: 'movie', movie: arrival },
    { rank: 3, id: 13, listed_at: '2024-01-03T00:00:00.000Z', notes: null, type: 'movie', movie: amelie },
  ]);
  const db = join(dir, 'trakt.duckdb');
  const store = await Store.open(db);
  try {
    await importExport({
      path: files,
      store,
      archive: join(dir, 'raw'),
      now: () => '2026-01-01T00:00:00.000Z',
    });
  } finally {
    await store.close();
  }
  return db;
}

/** The CSV as a CSV reader sees it (DuckDB's read_csv), every field as text, null as ''. */
async function readCsv(file: string): Promise<Record<string, string>[]> {
  const duck = await Duck.open(':memory:');
  try {
    const rows = await duck.all('SELECT * FROM read_csv($file, header = true, all_varchar = true)', { file });
    return rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)])),
    );
  } finally {
    duck.close();
  }
}

async function exported(db: string, out: string, timezone?: string) {
  const duck = await Duck.open(db, { readOnly: true });
  try {
    return await exportLetterboxd(duck, { out, ...(timezone === undefined ? {} : { timezone }) });
  } finally {
    duck.close();
  }
}

const row = (
  title: string,
  year: string,
  imdb: string,
  tmdb: string,
  date: string,
  rating: string,
  rewatch: string,
) => ({
  Title: title,
  Year: year,
  imdbID: imdb,
  tmdbID: tmdb,
  WatchedDate: date,
  Rating10: rating,
  Rewatch: rewatch,
});

test('the diary has one row per movie play in local dates, with the rating and rewatch flags; the watchlist its movies', async (t) => {
  const db = await account(t, 'America/New_York');
  const out = join(await tempDir(t), 'letterboxd.csv');
  const result = await exported(db, out);
  t.is(result.timezone, 'America/New_York');
  t.deepEqual(result.diary, { file: out, rows: 6 });
  t.deepEqual(result.watchlist, { file: join(out, '..', 'letterboxd-watchlist.csv'), rows: 2 });
  t.is((await readFile(out, 'utf8')).split('\n')[0], DIARY_COLUMNS.join(','));
  t.deepEqual(await readCsv(out), [
    row('Amélie, "Le fabuleux destin"', '2001', '', '194', '2023-01-01', '', 'false'),
    row('Heat', '1995', 'tt0113277', '949', '2024-03-09', '9', 'false'),
    row('=SUM(1)', '2020', 'tt0000003', '3003', '2024-05-05', '6', 'false'),
    row('Heat', '1995', 'tt0113277', '949', '2024-07-03', '9', 'true'),
    row('Amélie, "Le fabuleux destin"', '2001', '', '194', '2024-11-02', '', 'true'),
    row('Heat', '1995', 'tt0113277', '949', '2024-12-31', '9', 'true'),
  ]);
  t.deepEqual(await readCsv(result.watchlist.file), [
    { Title: 'Arrival', Year: '2016', imdbID: 'tt2543164', tmdbID: '329865' },
    { Title: 'Amélie, "Le fabuleux destin"', Year: '2001', imdbID: '', tmdbID: '194' },
  ]);
});

test('another zone moves the dates; an account without one is exported in UTC', async (t) => {
  const db = await account(t, 'America/New_York');
  const dir = await tempDir(t);
  const utc = await exported(db, join(dir, 'utc.csv'), 'UTC');
  t.deepEqual(
    (await readCsv(utc.diary.file)).map((r) => r.WatchedDate),
    ['2023-01-01', '2024-03-10', '2024-05-05', '2024-07-04', '2024-11-03', '2025-01-01'],
  );
  const kiritimati = await exported(db, join(dir, 'kiritimati.csv'), 'Pacific/Kiritimati');
  t.deepEqual(
    (await readCsv(kiritimati.diary.file)).map((r) => r.WatchedDate),
    ['2023-01-02', '2024-03-10', '2024-05-06', '2024-07-04', '2024-11-03', '2025-01-01'],
  );
  const zoneless = await account(t, null);
  const fallback = await exported(zoneless, join(dir, 'none.csv'));
  t.is(fallback.timezone, 'UTC');
  t.is((await readCsv(fallback.diary.file))[1]?.WatchedDate, '2024-03-10');
});

test('bad zones and existing files are usage errors; names without .csv get a watchlist beside them', async (t) => {
  const db = await account(t, 'America/New_York');
  const dir = await tempDir(t);
  await t.throwsAsync(exported(db, join(dir, 'x.csv'), 'Mars/Olympus'), {
    instanceOf: UsageError,
    message: /not a known time zone/,
  });
  const out = join(dir, 'diary.csv');
  await exported(db, out);
  await t.throwsAsync(exported(db, out), {
    instanceOf: UsageError,
    message: /exists; choose another --out or add --force/,
  });
  t.is(watchlistPathFor('/a/b/diary.CSV'), '/a/b/diary-watchlist.csv');
  t.is(watchlistPathFor('/a/b/diary'), '/a/b/diary-watchlist.csv');
});

test('`traktdb export --format letterboxd --out FILE.csv` writes FILE.csv and FILE-watchlist.csv', async (t) => {
  const db = await account(t, 'America/New_York');
  const out = join(await tempDir(t), 'lb.csv');
  const result = await runCli(['export', '--format', 'letterboxd', '--out', out, '--db', db]);
  t.is(result.code, 0, result.stderr);
  t.regex(
    result.stdout,
    /diary +6 rows .*lb\.csv\nwatchlist +2 rows .*lb-watchlist\.csv\nExported for Letterboxd \(dates in America\/New_York\)/,
  );
  t.is((await readCsv(out)).length, 6);
  t.is((await readCsv(join(out, '..', 'lb-watchlist.csv'))).length, 2);
  const again = await runCli(['export', '--format', 'letterboxd', '--out', out, '--db', db]);
  t.is(again.code, 2);
  t.regex(again.stderr, /exists; choose another --out or add --force/);
  const forced = await runCli([
    'export',
    '--format',
    'letterboxd',
    '--out',
    out,
    '--db',
    db,
    '--force',
    '--quiet',
  ]);
  t.is(forced.code, 0, forced.stderr);
  t.is(forced.stdout, '');
});
