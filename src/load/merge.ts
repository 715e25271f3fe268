import { DatabaseError } from '../errors.ts';
import type { Counts, PartValue, Scope } from './contract.ts';
import type { Duck } from './duck.ts';
import {
  type Column,
  jsonColumns,
  jsonExpr,
  keyJoin,
  keyText,
  rowJson,
  SEQ,
  type TableInfo,
} from './schema.ts';
import { sqlIdent, sqlLiteral, sqlString } from './values.ts';

/**
 * Set-based SQL that folds one staged resource into its tables, run inside
 * the commit's transaction. Each change's old row is read into the diff
 * before anything is applied, so the log holds the old row of every update
 * and delete.
 *
 * DuckDB checks unique constraints eagerly: a key deleted and inserted again
 * in one transaction can fail. So a changed row is an UPDATE, a new key an
 * INSERT and a vanished key a DELETE, never delete-and-reinsert.
 */

export interface LogContext {
  runId: number;
  /** ISO timestamp, already validated. */
  at: string;
}

/**
 * The staged rows of `table` from its NDJSON files, typed by the table's own
 * column types, with their precedence in ORDER: a later file's rows win over
 * an earlier file's, and within a file a later row over an earlier one
 * (each file numbers its rows from 1 in SEQ, below 2^32).
 */
function readStaged(files: readonly string[], columns: readonly Column[]): string {
  const options = `format = 'newline_delimited', records = true, columns = ${jsonColumns(columns)}`;
  if (files.length === 1)
    return `(SELECT *, ${SEQ} AS ${ORDER} FROM read_json(${sqlString(files[0] ?? '')}, ${options}))`;
  const list = `[${files.map(sqlString).join(', ')}]`;
  return `(SELECT * EXCLUDE (filename), list_position(${list}, filename)::BIGINT * 4294967296 + ${SEQ} AS ${ORDER}
           FROM read_json(${list}, ${options}, filename = true))`;
}

/** A staged row's precedence among the rows of the same key (see readStaged). */
const ORDER = '_order';

function columnList(columns: readonly Column[], alias?: string): string {
  return columns
    .map((c) => (alias === undefined ? sqlIdent(c.name) : `${alias}.${sqlIdent(c.name)}`))
    .join(', ');
}

/**
 * Each load first computes its diff into one temp table: a row per change,
 * with its op, the key and staged values, and the old and new row already
 * as change_log JSON. The target is joined once; the change_log rows and
 * each UPDATE, DELETE and INSERT are then read off the (usually small)
 * diff in one round trip, and a statement whose op has no rows is never
 * run. A load that changes nothing costs two statements per table.
 *
 * The counts returned are the diff's: each diff row names a key the
 * target has (update, delete) or lacks (insert), so its statement changes
 * exactly that row.
 */
const OP = '_op';
const OLD = '_old_row';
const NEW = '_new_row';
/** An update that changed nothing but the row's rank (see rankOnly). */
const RANK_ONLY = '_rank_only';

/**
 * Ranked tables (watchlist, favorites, list items) are renumbered by Trakt
 * whenever an item is added or removed before others: every later item's
 * rank moves by one. Such an update is logged like any other but marked
 * `rank_only`, and counted as re-ranked, not changed (docs/sync.md).
 */
function rankOnly(table: TableInfo): string {
  const rank = table.values.find((c) => c.name === 'rank');
  if (rank === undefined) return 'FALSE';
  const others = table.values.filter((c) => c.name !== 'rank');
  const same = others.map((c) => `s.${sqlIdent(c.name)} IS NOT DISTINCT FROM t.${sqlIdent(c.name)}`);
  return same.length === 0 ? 'TRUE' : same.join(' AND ');
}

/** Runs the CREATE TABLE AS of a diff; DuckDB answers it with the number of rows it holds. */
async function createDiff(duck: Duck, diff: string, select: string): Promise<number | null> {
  const rows = await duck.all(`CREATE OR REPLACE TEMP TABLE ${diff} AS ${select}`);
  const count = rows[0]?.['Count'];
  return typeof count === 'bigint' || typeof count === 'number' ? Number(count) : null;
}

/** How many rows of each op the diff holds. */
async function countOps(duck: Duck, diff: string, ranked = false): Promise<Counts> {
  const row = await duck.one(
    `SELECT count(*) FILTER (WHERE ${OP} = 'insert')::DOUBLE AS i, count(*) FILTER (WHERE ${OP} = 'update')::DOUBLE AS u,
            count(*) FILTER (WHERE ${OP} = 'delete')::DOUBLE AS d${
              ranked ? `, count(*) FILTER (WHERE ${OP} = 'update' AND ${RANK_ONLY})::DOUBLE AS r` : ''
            } FROM ${diff}`,
  );
  const reranked = Number(row?.['r'] ?? 0);
  return {
    inserted: Number(row?.['i'] ?? 0),
    updated: Number(row?.['u'] ?? 0),
    deleted: Number(row?.['d'] ?? 0),
    ...(reranked > 0 ? { reranked } : {}),
  };
}

const NONE: Counts = { inserted: 0, updated: 0, deleted: 0 };

/** The diff's counts, or none without asking when DuckDB said it is empty. */
async function diffCounts(duck: Duck, diff: string, rows: number | null, ranked = false): Promise<Counts> {
  return rows === 0 ? NONE : countOps(duck, diff, ranked);
}

/** The counts a merge reports: rank-only updates as re-ranked, apart from the updates. */
function reported(counts: Counts): Counts {
  const reranked = counts.reranked ?? 0;
  if (reranked === 0) return { inserted: counts.inserted, updated: counts.updated, deleted: counts.deleted };
  return { ...counts, updated: counts.updated - reranked, reranked };
}

/** The diff's rows into change_log, grouped by op in the order they apply: updates, deletes, inserts. */
function logDiff(table: TableInfo, diff: string, counts: Counts, log: LogContext, ranked = false): string {
  const kinds = [counts.inserted, counts.updated, counts.deleted].filter((n) => n > 0).length;
  return `INSERT INTO change_log (run_id, table_name, op, key, old_row, new_row, changed_at, rank_only)
     SELECT ${log.runId}, ${sqlString(table.name)}, s.${OP}, ${keyText(table, 's')}, s.${OLD}, s.${NEW},
            CAST(${sqlString(log.at)} AS TIMESTAMPTZ), ${ranked ? `s.${RANK_ONLY}` : 'FALSE'}
     FROM ${diff} s${kinds > 1 ? ` ORDER BY CASE s.${OP} WHEN 'update' THEN 0 WHEN 'delete' THEN 1 ELSE 2 END` : ''}`;
}

function insertDiff(table: TableInfo, diff: string): string {
  return `INSERT INTO main.${sqlIdent(table.name)} (${columnList(table.columns)})
     SELECT ${columnList(table.columns, 's')} FROM ${diff} s WHERE s.${OP} = 'insert'`;
}

function total(counts: Counts): number {
  return counts.inserted + counts.updated + counts.deleted;
}

/** The first key column of the target is never NULL, so it tells a joined row from a missing one. */
function firstKey(table: TableInfo, alias: string): string {
  return `${alias}.${sqlIdent(table.key[0] ?? '')}`;
}

/**
 * Media upsert: new keys are inserted; an existing row takes each staged
 * value that is non-null and differs (coalesce(new, old)), logged as an
 * update. Media rows are never deleted. Staged duplicates fold into one row
 * per key, keeping for each column its last non-null value.
 */
export async function upsertMedia(
  duck: Duck,
  table: TableInfo,
  files: readonly string[],
  temp: string,
  log: LogContext,
): Promise<Counts> {
  const key = table.key.map(sqlIdent).join(', ');
  const folded = table.values
    .map(
      (c) =>
        `arg_max(${sqlIdent(c.name)}, ${ORDER}) FILTER (WHERE ${sqlIdent(c.name)} IS NOT NULL) AS ${sqlIdent(c.name)}`,
    )
    .join(', ');
  const target = `main.${sqlIdent(table.name)}`;
  const differs =
    table.values.length === 0
      ? 'FALSE'
      : table.values
          .map(
            (c) =>
              `(s.${sqlIdent(c.name)} IS NOT NULL AND s.${sqlIdent(c.name)} IS DISTINCT FROM t.${sqlIdent(c.name)})`,
          )
          .join(' OR ');
  // For a new key every t column is NULL, so the merged row is the staged row.
  const merged = table.columns.map((c) =>
    table.key.includes(c.name)
      ? `s.${sqlIdent(c.name)}`
      : `coalesce(s.${sqlIdent(c.name)}, t.${sqlIdent(c.name)})`,
  );
  const mergedJson = `json_object(${table.columns.map((c, i) => `${sqlString(c.name)}, ${jsonExpr(c, merged[i] ?? '')}`).join(', ')})`;
  const isNew = `${firstKey(table, 't')} IS NULL`;
  const rows = await createDiff(
    duck,
    temp,
    `WITH s AS (SELECT ${key}, ${folded} FROM ${readStaged(files, table.columns)} GROUP BY ${key})
     SELECT ${columnList(table.columns, 's')},
            CASE WHEN ${isNew} THEN 'insert' ELSE 'update' END AS ${OP},
            CASE WHEN ${isNew} THEN NULL::JSON ELSE ${rowJson(table, 't')} END AS ${OLD},
            ${mergedJson} AS ${NEW}
     FROM s LEFT JOIN ${target} t ON ${keyJoin(table, 't', 's')}
     WHERE ${isNew} OR (${differs})`,
  );
  const counts = await diffCounts(duck, temp, rows);
  const statements: string[] = [];
  if (total(counts) > 0) statements.push(logDiff(table, temp, counts, log));
  if (counts.updated > 0) {
    statements.push(
      `UPDATE ${target} AS t SET ${table.values.map((c) => `${sqlIdent(c.name)} = coalesce(s.${sqlIdent(c.name)}, t.${sqlIdent(c.name)})`).join(', ')}
       FROM ${temp} s WHERE ${keyJoin(table, 't', 's')} AND s.${OP} = 'update'`,
    );
  }
  if (counts.inserted > 0) statements.push(insertDiff(table, temp));
  statements.push(`DROP TABLE ${temp}`);
  await duck.run(statements.join(';\n'));
  return { ...counts, deleted: 0 };
}

/**
 * Mirror merge within `scope`: staged keys not in the table are inserted,
 * rows that differ in any column are updated, rows inside the scope that
 * were not staged are deleted. Staged duplicates count once, the last wins.
 * No `files` means nothing was staged: the scope is now empty.
 */
export async function mergeMirror(
  duck: Duck,
  table: TableInfo,
  files: readonly string[],
  scope: Scope,
  temp: string,
  log: LogContext,
  countBy?: string,
): Promise<Counts & { by?: Record<string, Counts> }> {
  const inScope = scopeWhere(table, scope, 't');
  // Nothing staged and nothing to delete: nothing can change.
  if (files.length === 0 && inScope === null) return { inserted: 0, updated: 0, deleted: 0 };
  const target = `main.${sqlIdent(table.name)}`;
  const key = table.key.map(sqlIdent).join(', ');
  const staged =
    files.length === 0
      ? `SELECT ${columnList(table.columns)} FROM ${target} WHERE FALSE`
      : `SELECT ${columnList(table.columns)} FROM ${readStaged(files, table.columns)}
         QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${ORDER} DESC) = 1`;
  const differs =
    table.values.length === 0
      ? 'FALSE'
      : table.values.map((c) => `s.${sqlIdent(c.name)} IS DISTINCT FROM t.${sqlIdent(c.name)}`).join(' OR ');
  const isNew = `${firstKey(table, 't')} IS NULL`;
  const isGone = `${firstKey(table, 's')} IS NULL`;
  // A deleted row has only its old self: its key comes from the target.
  const keys = table.columns
    .filter((c) => table.key.includes(c.name))
    .map((c) =>
      inScope === null
        ? `s.${sqlIdent(c.name)}`
        : `CASE WHEN ${isGone} AND NOT ${isNew} THEN t.${sqlIdent(c.name)} ELSE s.${sqlIdent(c.name)} END AS ${sqlIdent(c.name)}`,
    );
  const values = table.values.map((c) => `s.${sqlIdent(c.name)}`);
  const ranked = table.values.some((c) => c.name === 'rank');
  const rows = await createDiff(
    duck,
    temp,
    `WITH s AS (${staged})
     SELECT ${[...keys, ...values].join(', ')},
            CASE WHEN ${isNew} THEN 'insert' WHEN ${isGone} THEN 'delete' ELSE 'update' END AS ${OP},
            CASE WHEN ${isNew} THEN NULL::JSON ELSE ${rowJson(table, 't')} END AS ${OLD},
            CASE WHEN ${isGone} AND NOT ${isNew} THEN NULL::JSON ELSE ${rowJson(table, 's')} END AS ${NEW}${
              ranked
                ? `,\n            (NOT ${isNew} AND NOT ${isGone} AND ${rankOnly(table)}) AS ${RANK_ONLY}`
                : ''
            }
     FROM s ${inScope === null ? 'LEFT' : 'FULL'} JOIN ${target} t ON ${keyJoin(table, 't', 's')}
     WHERE ${isNew} OR ${inScope === null ? '' : `(${isGone} AND (${inScope})) OR `}(NOT ${isGone} AND (${differs}))`,
  );
  let counts = await diffCounts(duck, temp, rows, ranked);
  const update = `UPDATE ${target} AS t SET ${table.values.map((c) => `${sqlIdent(c.name)} = s.${sqlIdent(c.name)}`).join(', ')}
       FROM ${temp} s WHERE ${keyJoin(table, 't', 's')} AND s.${OP} = 'update'`;
  const statements: string[] = [];
  if (scope.kind === 'snapshot' && table.values.length > 0 && counts.inserted > 0) {
    // A backup run twice in a row changes nothing: an unchanged snapshot is
    // not a new row. Compared with the latest row as updated, as before.
    if (counts.updated > 0) await duck.run(update);
    await duck.run(
      `DELETE FROM ${temp} AS s WHERE s.${OP} = 'insert' AND EXISTS (
         SELECT 1 FROM (SELECT * FROM ${target} ORDER BY ${key} DESC LIMIT 1) t WHERE NOT (${differs}))`,
    );
    counts = await countOps(duck, temp, ranked);
  } else if (counts.updated > 0) {
    statements.push(update);
  }
  if (total(counts) > 0) statements.unshift(logDiff(table, temp, counts, log, ranked));
  if (counts.deleted > 0) {
    statements.push(
      `DELETE FROM ${target} AS t USING ${temp} s WHERE ${keyJoin(table, 't', 's')} AND s.${OP} = 'delete'`,
    );
  }
  if (counts.inserted > 0) statements.push(insertDiff(table, temp));
  const by =
    countBy === undefined || total(counts) === 0
      ? undefined
      : await countsBy(duck, table, temp, countBy, ranked);
  statements.push(`DROP TABLE ${temp}`);
  await duck.run(statements.join(';\n'));
  return by === undefined ? reported(counts) : { ...reported(counts), by };
}

/**
 * The diff's counts per value of a key column (as text): for loads committed
 * together, how much each one changed (list items by list). Only a key
 * column is filled in the diff for every op.
 */
async function countsBy(
  duck: Duck,
  table: TableInfo,
  diff: string,
  column: string,
  ranked = false,
): Promise<Record<string, Counts>> {
  if (!table.key.includes(column)) throw new DatabaseError(`${column} is not a key column of ${table.name}`);
  const rows = await duck.all<{ v: string; i: number; u: number; d: number; r?: number }>(
    `SELECT CAST(${sqlIdent(column)} AS VARCHAR) AS v, count(*) FILTER (WHERE ${OP} = 'insert')::DOUBLE AS i,
            count(*) FILTER (WHERE ${OP} = 'update')::DOUBLE AS u, count(*) FILTER (WHERE ${OP} = 'delete')::DOUBLE AS d${
              ranked ? `, count(*) FILTER (WHERE ${OP} = 'update' AND ${RANK_ONLY})::DOUBLE AS r` : ''
            }
     FROM ${diff} GROUP BY ALL`,
  );
  return Object.fromEntries(
    rows.map((r) => [r.v, reported({ inserted: r.i, updated: r.u, deleted: r.d, reranked: r.r ?? 0 })]),
  );
}

/** The SQL condition for "inside the scope", or null when the load never deletes. */
export function scopeWhere(table: TableInfo, scope: Scope, alias: string): string | null {
  const column = (name: string): Column => {
    const found = table.columns.find((c) => c.name === name);
    if (found === undefined)
      throw new DatabaseError(`a load scope names column ${name}, which ${table.name} does not have`);
    return found;
  };
  const compare = (name: string, op: string, value: PartValue): string => {
    const c = column(name);
    return `${alias}.${sqlIdent(c.name)} ${op} CAST(${sqlLiteral(value)} AS ${c.type})`;
  };
  const equals = (values: Record<string, PartValue> | undefined): string[] =>
    Object.entries(values ?? {}).map(([name, value]) => compare(name, '=', value));
  switch (scope.kind) {
    case 'all':
      return 'TRUE';
    case 'upsert':
    case 'snapshot':
      return null;
    case 'where': {
      const terms = equals(scope.equals);
      return terms.length === 0 ? 'TRUE' : terms.join(' AND ');
    }
    case 'range': {
      const terms = equals(scope.equals);
      column(scope.column);
      if (scope.from !== undefined) terms.push(compare(scope.column, '>=', scope.from));
      if (scope.to !== undefined) terms.push(compare(scope.column, '<=', scope.to));
      return terms.length === 0 ? 'TRUE' : terms.join(' AND ');
    }
    case 'union': {
      const parts = scope.of.map((part) => scopeWhere(table, part, alias)).filter((w) => w !== null);
      return parts.length === 0 ? null : parts.map((w) => `(${w})`).join(' OR ');
    }
  }
}
