import type { Duck } from '../../src/load/duck.ts';
import type { TableName } from '../../src/normalize/rows.ts';
import { ACCOUNT_TABLES, keyOf, MEDIA, readTable } from './tables.ts';

type Row = Record<string, unknown>;
export type Truth = Record<string, Row[]>;

/** Rows a run may legitimately lack: by table, the keys (change_log form) or the whole table. */
export type Affected = Partial<Record<TableName, ReadonlySet<string> | 'all'>>;

export interface Check {
  /** Everything that is not as the truth says, beyond what `affected` allows. */
  problems: string[];
  /** Rows missing per table (affected ones, and media only they carried). */
  missing: Record<string, number>;
}

const MEDIA_OF: Record<string, string> = {
  movie: 'movies',
  show: 'shows',
  season: 'seasons',
  episode: 'episodes',
  person: 'people',
};

/**
 * "Every other row of every table exact": every row the database holds is
 * the truth's row, column for column, and every truth row is there except
 * the affected ones and media rows that only affected rows carried (a media
 * row arrives with the item that embeds it, so an item not loaded brings
 * none). Media that an unaffected row points at must be there.
 */
export async function checkExcept(duck: Duck, truth: Truth, affected: Affected): Promise<Check> {
  const problems: string[] = [];
  const missing: Record<string, number> = {};
  const isAffected = (table: TableName, key: string): boolean => {
    const which = affected[table];
    return which === 'all' || which?.has(key) === true;
  };
  const required = requiredMedia(truth, isAffected);
  for (const table of ACCOUNT_TABLES) {
    const actual = await readTable(duck, table);
    const wanted = new Map((truth[table] ?? []).map((row) => [keyOf(table, row), row]));
    for (const [key, row] of actual) {
      const want = wanted.get(key);
      if (want === undefined) {
        problems.push(`${table} ${key}: unexpected row`);
        continue;
      }
      for (const [column, value] of Object.entries(want)) {
        if (JSON.stringify(row[column] ?? null) !== JSON.stringify(value ?? null)) {
          problems.push(
            `${table} ${key}.${column}: got ${JSON.stringify(row[column])}, want ${JSON.stringify(value)}`,
          );
        }
      }
    }
    for (const key of wanted.keys()) {
      if (actual.has(key)) continue;
      missing[table] = (missing[table] ?? 0) + 1;
      const allowed = MEDIA.has(table) ? !required.has(`${table}:${key}`) : isAffected(table, key);
      if (!allowed) problems.push(`${table} ${key}: missing`);
    }
  }
  return { problems: problems.slice(0, 20), missing };
}

/** `movies:12`, `episodes:34`, ...: media the unaffected account rows point at, with the shows of seasons and episodes. */
function requiredMedia(truth: Truth, isAffected: (table: TableName, key: string) => boolean): Set<string> {
  const seasons = new Map(
    (truth['seasons'] ?? []).map((s) => [Number(s['trakt_id']), Number(s['show_trakt_id'])]),
  );
  const episodes = new Map(
    (truth['episodes'] ?? []).map((e) => [Number(e['trakt_id']), Number(e['show_trakt_id'])]),
  );
  const out = new Set<string>();
  const add = (type: unknown, id: unknown) => {
    const table = MEDIA_OF[String(type)];
    if (table === undefined || id === null || id === undefined) return;
    out.add(`${table}:${id}`);
    if (type === 'season' && seasons.has(Number(id))) out.add(`shows:${seasons.get(Number(id))}`);
    if (type === 'episode' && episodes.has(Number(id))) out.add(`shows:${episodes.get(Number(id))}`);
  };
  for (const table of ACCOUNT_TABLES) {
    if (MEDIA.has(table)) continue;
    for (const row of truth[table] ?? []) {
      if (isAffected(table, keyOf(table, row))) continue;
      if (table === 'plays') {
        add('movie', row['movie_trakt_id']);
        add('show', row['show_trakt_id']);
        add('episode', row['episode_trakt_id']);
      } else if ('media_type' in row && 'trakt_id' in row) {
        add(row['media_type'], row['trakt_id']);
      }
    }
  }
  return out;
}
