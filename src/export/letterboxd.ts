import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { DatabaseError, UsageError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { isKnownZone, unknownZone } from '../reports/timezone.ts';

/**
 * Letterboxd's import CSV (letterboxd.com, Settings, Import & Export):
 * the movie diary, one row per movie play, and the movie watchlist as a
 * second file for its watchlist import.
 *
 * - WatchedDate is the play's local date: in `timezone` if given, else the
 *   account's (profile.timezone, from /users/settings), else UTC.
 * - Rating10 is the movie's rating on Trakt's 1-10 scale. Trakt keeps one
 *   rating per movie, not one per viewing, so every play of a movie carries
 *   it, even a play from before the day it was rated.
 * - Rewatch is `true` for every play of a movie after its first
 *   (in watched_at order), `false` for the first.
 * - Titles are written as they are: Letterboxd matches on imdbID and tmdbID
 *   first, and a title it is given is data, not a formula.
 */
export const DIARY_COLUMNS = ['Title', 'Year', 'imdbID', 'tmdbID', 'WatchedDate', 'Rating10', 'Rewatch'];
export const WATCHLIST_COLUMNS = ['Title', 'Year', 'imdbID', 'tmdbID'];

export interface LetterboxdOptions {
  /**
   * Where to write: a directory (created if missing) that gets `diary.csv`
   * and `watchlist.csv`, or a diary file name ending in `.csv`, whose
   * watchlist goes next to it (see watchlistPathFor).
   */
  out: string;
  /** An IANA zone for WatchedDate; default the account's, else UTC. */
  timezone?: string;
  /** Replace files that exist. */
  force?: boolean;
}

export interface LetterboxdExport {
  diary: { file: string; rows: number };
  watchlist: { file: string; rows: number };
  timezone: string;
}

/** `diary.csv` -> `diary-watchlist.csv`; a name without `.csv` gets `-watchlist.csv` appended. */
export function watchlistPathFor(diary: string): string {
  return /\.csv$/i.test(diary) ? diary.replace(/\.csv$/i, '-watchlist.csv') : `${diary}-watchlist.csv`;
}

/** The two files `--out` stands for: inside it when it is a directory, beside it when it names a .csv file. */
export function letterboxdFiles(out: string): { diary: string; watchlist: string; dir: string } {
  if (/\.csv$/i.test(out)) return { diary: out, watchlist: watchlistPathFor(out), dir: dirname(out) };
  return { diary: join(out, 'diary.csv'), watchlist: join(out, 'watchlist.csv'), dir: out };
}

export async function exportLetterboxd(duck: Duck, options: LetterboxdOptions): Promise<LetterboxdExport> {
  if (options.out.trim() === '') {
    throw new UsageError('--out needs a directory (or a file name ending in .csv) for the Letterboxd files.');
  }
  const found = await stat(options.out).catch(() => null);
  if (found?.isDirectory() === false && !/\.csv$/i.test(options.out)) {
    throw new UsageError(
      `--out ${options.out} is a file; give a directory (diary.csv and watchlist.csv go into it) or a file name ending in .csv.`,
    );
  }
  const { diary: diaryFile, watchlist: watchlistFile, dir } = letterboxdFiles(options.out);
  for (const file of [diaryFile, watchlistFile]) {
    const existing = await stat(file).catch(() => null);
    if (existing?.isDirectory())
      throw new UsageError(`--out: ${file} is a directory; give a file name such as diary.csv.`);
    if (existing && !options.force) {
      throw new UsageError(`${file} exists; choose another --out or add --force to replace it.`);
    }
  }
  const timezone = await chooseTimezone(duck, options.timezone);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`Cannot create the folder ${dir} for --out: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  const diaryRows = await writeCsv(duck, diaryFile, DIARY_COLUMNS, diarySql(), { tz: timezone });
  const watchlistRows = await writeCsv(duck, watchlistFile, WATCHLIST_COLUMNS, watchlistSql(), {});
  return {
    diary: { file: diaryFile, rows: diaryRows },
    watchlist: { file: watchlistFile, rows: watchlistRows },
    timezone,
  };
}

async function chooseTimezone(duck: Duck, requested: string | undefined): Promise<string> {
  if (requested !== undefined) {
    if (!(await isKnownZone(duck, requested))) throw await unknownZone(duck, '--tz', requested);
    return requested;
  }
  const row = await duck.one<{ timezone: string | null }>(
    'SELECT timezone FROM profile WHERE timezone IS NOT NULL ORDER BY slug LIMIT 1',
  );
  const account = row?.timezone ?? undefined;
  return account !== undefined && (await isKnownZone(duck, account)) ? account : 'UTC';
}

/** One row per movie play, oldest first; the local date comes from DuckDB's ICU time zones. */
function diarySql(): string {
  return `
    WITH movie_plays AS (
      SELECT history_id, watched_at, movie_trakt_id,
             row_number() OVER (PARTITION BY movie_trakt_id ORDER BY watched_at, history_id) AS nth
      FROM plays
      WHERE media_type = 'movie' AND movie_trakt_id IS NOT NULL
    )
    SELECT m.title AS "Title",
           m.year AS "Year",
           m.imdb_id AS "imdbID",
           m.tmdb_id AS "tmdbID",
           strftime(timezone($tz, p.watched_at), '%Y-%m-%d') AS "WatchedDate",
           r.rating AS "Rating10",
           CASE WHEN p.nth > 1 THEN 'true' ELSE 'false' END AS "Rewatch"
    FROM movie_plays p
    LEFT JOIN movies m ON m.trakt_id = p.movie_trakt_id
    LEFT JOIN ratings r ON r.media_type = 'movie' AND r.trakt_id = p.movie_trakt_id
    ORDER BY p.watched_at, p.history_id`;
}

/** The watchlist's movies in the account's own order. */
function watchlistSql(): string {
  return `
    SELECT m.title AS "Title", m.year AS "Year", m.imdb_id AS "imdbID", m.tmdb_id AS "tmdbID"
    FROM watchlist w
    LEFT JOIN movies m ON m.trakt_id = w.trakt_id
    WHERE w.media_type = 'movie'
    ORDER BY w.rank NULLS LAST, w.listed_at, w.list_item_id`;
}

/** Streams a query's rows into a CSV file, written under a temporary name and renamed when complete. */
async function writeCsv(
  duck: Duck,
  file: string,
  columns: readonly string[],
  sql: string,
  params: Record<string, string>,
): Promise<number> {
  const partial = `${file}.partial`;
  let rows = 0;
  try {
    const result = await duck.connection.stream(sql, Object.keys(params).length > 0 ? params : undefined);
    async function* records() {
      for await (const chunk of result.yieldRowsJs()) {
        rows += chunk.length;
        yield* chunk.map((row) => row.map(cell));
      }
    }
    await pipeline(
      Readable.from(records()),
      stringify({ header: true, columns: [...columns] }),
      createWriteStream(partial),
    );
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new UsageError(`Cannot write ${file}: ${(error as Error).message}.`, { cause: error });
    }
    throw new DatabaseError(`Writing the Letterboxd file ${file} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return rows;
}

/** Null is an empty field; numbers and the rest as text. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}
