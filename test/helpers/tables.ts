import { Duck } from '../../src/load/duck.ts';
import { PRIMARY_KEYS, type TableName } from '../../src/normalize/rows.ts';

/** Media rows are never deleted: after removals the mirror may keep media no payload carries any more. */
export const MEDIA = new Set<string>(['movies', 'shows', 'seasons', 'episodes', 'people']);

/** Contract tables the simulator's ground truth describes, in a stable order. */
export const ACCOUNT_TABLES = [
  'movies',
  'shows',
  'seasons',
  'episodes',
  'people',
  'plays',
  'ratings',
  'watchlist',
  'favorites',
  'collection',
  'watched',
  'playback',
  'lists',
  'list_items',
  'hidden_items',
  'comments',
  'likes',
  'notes',
  'social',
  'saved_filters',
  'profile',
] as const satisfies readonly TableName[];

type Row = Record<string, unknown>;

/** A value as the simulator's ground truth spells it: numbers, ISO strings, `YYYY-MM-DD` dates. */
function plain(column: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date)
    return column === 'released' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => plain(column, v));
  return value;
}

export function keyOf(table: TableName, row: Row): string {
  return (PRIMARY_KEYS[table] as readonly string[]).map((c) => String(row[c])).join(':');
}

/** Every row of `table`, as plain values, keyed by primary key. */
export async function readTable(duck: Duck, table: TableName): Promise<Map<string, Row>> {
  const rows = await duck.all(`SELECT * FROM ${table}`);
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    const out: Row = {};
    for (const [column, value] of Object.entries(row)) out[column] = plain(column, value);
    byKey.set(keyOf(table, out), out);
  }
  return byKey;
}

export async function withDuck<T>(path: string, use: (duck: Duck) => Promise<T>): Promise<T> {
  const duck = await Duck.open(path, { readOnly: true });
  try {
    return await use(duck);
  } finally {
    duck.close();
  }
}

/**
 * Differences between a database table and the expected rows, as short
 * human-readable lines (empty when equal). Only the columns the expected rows
 * name are compared, so the database may carry more.
 */
export function diffTable(
  table: TableName,
  actual: Map<string, Row>,
  expected: Row[],
  options: { allowExtra?: boolean; limit?: number } = {},
): string[] {
  const limit = options.limit ?? 8;
  const problems: string[] = [];
  const wanted = new Map(expected.map((row) => [keyOf(table, row), row]));
  for (const [key, row] of wanted) {
    const got = actual.get(key);
    if (got === undefined) {
      problems.push(`${table} ${key}: missing`);
      continue;
    }
    for (const [column, value] of Object.entries(row)) {
      if (JSON.stringify(got[column] ?? null) !== JSON.stringify(value ?? null)) {
        problems.push(
          `${table} ${key}.${column}: got ${JSON.stringify(got[column])}, want ${JSON.stringify(value)}`,
        );
      }
    }
  }
  if (!options.allowExtra) {
    for (const key of actual.keys()) if (!wanted.has(key)) problems.push(`${table} ${key}: unexpected row`);
  }
  return problems.slice(0, limit);
}
