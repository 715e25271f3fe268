import { DatabaseError } from '../errors.ts';
import type { TableName } from '../normalize/rows.ts';
import type { Duck } from './duck.ts';
import { readTables, rowJson } from './schema.ts';
import { toIso } from './values.ts';

/**
 * The account as the mirror holds it, now or as it stood at an instant: what
 * `restore` wants back on Trakt. Rows come as the change log writes them
 * (column names of the table, ISO timestamps, numbers), so both ways read
 * alike.
 *
 * As of an instant, each key's newest change_log entry at or before it wins:
 * an insert or update gives the row, a delete gives nothing. A run logs its
 * changes at its start time, so a sync that removed plays at 10:00 means the
 * plays are there as of 09:59 and gone as of 10:00. Ties (one key changed
 * twice at one instant) go to the later run, then to the later log row.
 */
export type AccountRow = Record<string, unknown>;

/** Every row of a mirror table now, or as of `asOf` (ISO 8601) from change_log. */
export async function accountRows(duck: Duck, table: TableName, asOf?: string): Promise<AccountRow[]> {
  const rows =
    asOf === undefined
      ? await currentRows(duck, table)
      : await duck.all<{ row: string }>(
          `WITH latest AS (
             SELECT op, new_row,
                    row_number() OVER (PARTITION BY key ORDER BY changed_at DESC, run_id DESC, rowid DESC) AS rn
             FROM change_log
             WHERE table_name = $table AND changed_at <= CAST($at AS TIMESTAMPTZ)
           )
           SELECT CAST(new_row AS VARCHAR) AS row FROM latest WHERE rn = 1 AND op <> 'delete'`,
          { table, at: asOf },
        );
  return rows.map((r) => JSON.parse(r.row) as AccountRow);
}

async function currentRows(duck: Duck, table: TableName): Promise<{ row: string }[]> {
  const info = (await readTables(duck, [table])).get(table);
  if (info === undefined) throw new DatabaseError(`the database has no table ${table}`);
  return duck.all<{ row: string }>(
    `SELECT CAST(${rowJson(info, 't')} AS VARCHAR) AS row FROM main.${table} t`,
  );
}

/** The first and last instants the change log knows, or undefined for an empty log. */
export async function changeLogSpan(duck: Duck): Promise<{ first: string; last: string } | undefined> {
  const row = await duck.one('SELECT min(changed_at) AS first, max(changed_at) AS last FROM change_log');
  const first = toIso(row?.['first']);
  const last = toIso(row?.['last']);
  return first === null || last === null ? undefined : { first, last };
}

/** What names an item for a person: a title and every id the mirror knows. */
export interface MediaLabel {
  title: string;
  ids: Record<string, string | number>;
}

type Kind = 'movie' | 'show' | 'season' | 'episode' | 'person';

const LABEL_SQL: Record<Kind, string> = {
  movie: `SELECT trakt_id, title, year, slug, imdb_id, tmdb_id FROM movies WHERE trakt_id IN ($ids)`,
  show: `SELECT trakt_id, title, year, slug, imdb_id, tmdb_id, tvdb_id FROM shows WHERE trakt_id IN ($ids)`,
  season: `SELECT s.trakt_id, sh.title AS show_title, sh.year, s.number AS season
           FROM seasons s LEFT JOIN shows sh ON sh.trakt_id = s.show_trakt_id WHERE s.trakt_id IN ($ids)`,
  episode: `SELECT e.trakt_id, e.title, e.season, e.number, sh.title AS show_title, e.imdb_id, e.tmdb_id, e.tvdb_id
            FROM episodes e LEFT JOIN shows sh ON sh.trakt_id = e.show_trakt_id WHERE e.trakt_id IN ($ids)`,
  person: `SELECT trakt_id, name AS title, slug, imdb_id, tmdb_id FROM people WHERE trakt_id IN ($ids)`,
};

/**
 * Titles and ids of the given items from the media tables (which keep every
 * item ever seen: an item Trakt has since deleted still has its name here).
 * Keys are `media_type:trakt_id`; an item the media tables lack is left out.
 */
export async function mediaLabels(
  duck: Duck,
  items: readonly { mediaType: string; traktId: number }[],
): Promise<Map<string, MediaLabel>> {
  const labels = new Map<string, MediaLabel>();
  const byKind = new Map<Kind, Set<number>>();
  for (const item of items) {
    if (!(item.mediaType in LABEL_SQL) || !Number.isSafeInteger(item.traktId)) continue;
    const kind = item.mediaType as Kind;
    byKind.set(kind, (byKind.get(kind) ?? new Set()).add(item.traktId));
  }
  for (const [kind, ids] of byKind) {
    // Whole numbers only (checked above), so inlining them is safe.
    const sql = LABEL_SQL[kind].replace('$ids', [...ids].join(', '));
    for (const row of await duck.all(sql)) {
      const traktId = Number(row['trakt_id']);
      labels.set(`${kind}:${traktId}`, { title: titleOf(kind, row), ids: idsOf(traktId, row) });
    }
  }
  return labels;
}

function titleOf(kind: Kind, row: Record<string, unknown>): string {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const year = row['year'] === null || row['year'] === undefined ? '' : ` (${text(row['year'])})`;
  switch (kind) {
    case 'movie':
    case 'show':
      return `${text(row['title']) || '(untitled)'}${year}`;
    case 'season':
      return `${text(row['show_title']) || '(unknown show)'}${year}, season ${text(row['season'])}`;
    case 'episode': {
      const number = `${text(row['season'])}x${text(row['number']).padStart(2, '0')}`;
      const title = text(row['title']);
      return `${text(row['show_title']) || '(unknown show)'} ${number}${title === '' ? '' : ` "${title}"`}`;
    }
    case 'person':
      return text(row['title']) || '(unnamed)';
  }
}

function idsOf(traktId: number, row: Record<string, unknown>): Record<string, string | number> {
  const ids: Record<string, string | number> = { trakt: traktId };
  for (const [column, name] of [
    ['slug', 'slug'],
    ['imdb_id', 'imdb'],
    ['tmdb_id', 'tmdb'],
    ['tvdb_id', 'tvdb'],
  ] as const) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    ids[name] = typeof value === 'bigint' ? Number(value) : (value as string | number);
  }
  return ids;
}

/** How many of these history ids the mirror's `plays` holds. */
export async function playsPresent(duck: Duck, historyIds: readonly number[]): Promise<number> {
  const ids = historyIds.filter((id) => Number.isSafeInteger(id));
  if (ids.length === 0) return 0;
  // Whole numbers only (checked above), so inlining them is safe.
  const row = await duck.one(
    `SELECT count(*)::DOUBLE AS n FROM plays WHERE history_id IN (${ids.join(', ')})`,
  );
  return Number(row?.['n'] ?? 0);
}
