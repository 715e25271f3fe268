import type { Counts, Scope } from '../../src/load/contract.ts';
import type { Duck } from '../../src/load/duck.ts';
import { type LogContext, scopeWhere } from '../../src/load/merge.ts';
import {
  type Column,
  jsonColumns,
  jsonExpr,
  keyJoin,
  keyText,
  rowJson,
  SEQ,
  type TableInfo,
} from '../../src/load/schema.ts';
import { sqlIdent, sqlString } from '../../src/load/values.ts';

/**
 * The merge as it was before it computed one diff per table (statement by
 * statement: log updates, UPDATE, log deletes, DELETE, log inserts, INSERT),
 * kept only as the oracle the differential test compares src/load/merge.ts
 * with: same tables, same change_log rows, same counts.
 */

/** The staged rows of `table` from its NDJSON file, typed by the table's own column types. */
function readStaged(file: string, columns: readonly Column[]): string {
  return `read_json(${sqlString(file)}, format = 'newline_delimited', records = true, columns = ${jsonColumns(columns)})`;
}

function logInsert(log: LogContext, table: TableInfo, op: string, select: string): string {
  return `INSERT INTO change_log (run_id, table_name, op, key, old_row, new_row, changed_at)
    SELECT ${log.runId}, ${sqlString(table.name)}, '${op}', k, o, n, CAST(${sqlString(log.at)} AS TIMESTAMPTZ)
    FROM (${select})`;
}

function columnList(columns: readonly Column[], alias?: string): string {
  return columns
    .map((c) => (alias === undefined ? sqlIdent(c.name) : `${alias}.${sqlIdent(c.name)}`))
    .join(', ');
}

/**
 * Media upsert: new keys are inserted; an existing row takes each staged
 * value that is non-null and differs (coalesce(new, old)), logged as an
 * update. Media rows are never deleted. Staged duplicates fold into one row
 * per key, keeping for each column its last non-null value.
 */
export async function referenceUpsertMedia(
  duck: Duck,
  table: TableInfo,
  file: string,
  temp: string,
  log: LogContext,
): Promise<Counts> {
  const key = table.key.map(sqlIdent).join(', ');
  const folded = table.values
    .map(
      (c) =>
        `arg_max(${sqlIdent(c.name)}, ${SEQ}) FILTER (WHERE ${sqlIdent(c.name)} IS NOT NULL) AS ${sqlIdent(c.name)}`,
    )
    .join(', ');
  await duck.run(
    `CREATE OR REPLACE TEMP TABLE ${temp} AS SELECT ${key}, ${folded} FROM ${readStaged(file, table.columns)} GROUP BY ${key}`,
  );
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
  const merged = table.columns.map((c) =>
    table.key.includes(c.name)
      ? `t.${sqlIdent(c.name)}`
      : `coalesce(s.${sqlIdent(c.name)}, t.${sqlIdent(c.name)})`,
  );
  const mergedJson = `json_object(${table.columns.map((c, i) => `${sqlString(c.name)}, ${jsonExpr(c, merged[i] ?? '')}`).join(', ')})`;
  await duck.run(
    logInsert(
      log,
      table,
      'update',
      `SELECT ${keyText(table, 't')} AS k, ${rowJson(table, 't')} AS o, ${mergedJson} AS n
       FROM ${target} t JOIN ${temp} s ON ${keyJoin(table, 't', 's')} WHERE ${differs}`,
    ),
  );
  const updated =
    table.values.length === 0
      ? 0
      : await duck.changes(
          `UPDATE ${target} AS t SET ${table.values.map((c) => `${sqlIdent(c.name)} = coalesce(s.${sqlIdent(c.name)}, t.${sqlIdent(c.name)})`).join(', ')}
           FROM ${temp} s WHERE ${keyJoin(table, 't', 's')} AND (${differs})`,
        );
  const inserted = await insertNew(duck, table, temp, log);
  await duck.run(`DROP TABLE ${temp}`);
  return { inserted, updated, deleted: 0 };
}

/**
 * Mirror merge within `scope`: staged keys not in the table are inserted,
 * rows that differ in any column are updated, rows inside the scope that
 * were not staged are deleted. Staged duplicates count once, the last wins.
 * A `file` of null means nothing was staged: the scope is now empty.
 */
export async function referenceMergeMirror(
  duck: Duck,
  table: TableInfo,
  file: string | null,
  scope: Scope,
  temp: string,
  log: LogContext,
): Promise<Counts> {
  const target = `main.${sqlIdent(table.name)}`;
  const key = table.key.map(sqlIdent).join(', ');
  await duck.run(
    file === null
      ? `CREATE OR REPLACE TEMP TABLE ${temp} AS SELECT ${columnList(table.columns)} FROM ${target} LIMIT 0`
      : `CREATE OR REPLACE TEMP TABLE ${temp} AS SELECT ${columnList(table.columns)} FROM ${readStaged(file, table.columns)}
         QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${SEQ} DESC) = 1`,
  );
  const differs =
    table.values.length === 0
      ? 'FALSE'
      : table.values.map((c) => `s.${sqlIdent(c.name)} IS DISTINCT FROM t.${sqlIdent(c.name)}`).join(' OR ');

  await duck.run(
    logInsert(
      log,
      table,
      'update',
      `SELECT ${keyText(table, 't')} AS k, ${rowJson(table, 't')} AS o, ${rowJson(table, 's')} AS n
       FROM ${target} t JOIN ${temp} s ON ${keyJoin(table, 't', 's')} WHERE ${differs}`,
    ),
  );
  const updated =
    table.values.length === 0
      ? 0
      : await duck.changes(
          `UPDATE ${target} AS t SET ${table.values.map((c) => `${sqlIdent(c.name)} = s.${sqlIdent(c.name)}`).join(', ')}
           FROM ${temp} s WHERE ${keyJoin(table, 't', 's')} AND (${differs})`,
        );

  let deleted = 0;
  const inScope = scopeWhere(table, scope, 't');
  if (inScope !== null) {
    const gone = `${inScope} AND NOT EXISTS (SELECT 1 FROM ${temp} s WHERE ${keyJoin(table, 's', 't')})`;
    await duck.run(
      logInsert(
        log,
        table,
        'delete',
        `SELECT ${keyText(table, 't')} AS k, ${rowJson(table, 't')} AS o, NULL::JSON AS n FROM ${target} t WHERE ${gone}`,
      ),
    );
    deleted = await duck.changes(`DELETE FROM ${target} AS t WHERE ${gone}`);
  }

  if (scope.kind === 'snapshot' && table.values.length > 0) {
    // A backup run twice in a row changes nothing: an unchanged snapshot is not a new row.
    await duck.run(
      `DELETE FROM ${temp} AS s WHERE EXISTS (
         SELECT 1 FROM (SELECT * FROM ${target} ORDER BY ${key} DESC LIMIT 1) t WHERE NOT (${differs}))`,
    );
  }
  const inserted = await insertNew(duck, table, temp, log);
  await duck.run(`DROP TABLE ${temp}`);
  return { inserted, updated, deleted };
}

async function insertNew(duck: Duck, table: TableInfo, temp: string, log: LogContext): Promise<number> {
  const target = `main.${sqlIdent(table.name)}`;
  const fresh = `NOT EXISTS (SELECT 1 FROM ${target} t WHERE ${keyJoin(table, 't', 's')})`;
  await duck.run(
    logInsert(
      log,
      table,
      'insert',
      `SELECT ${keyText(table, 's')} AS k, NULL::JSON AS o, ${rowJson(table, 's')} AS n FROM ${temp} s WHERE ${fresh}`,
    ),
  );
  return duck.changes(
    `INSERT INTO ${target} (${columnList(table.columns)}) SELECT ${columnList(table.columns, 's')} FROM ${temp} s WHERE ${fresh}`,
  );
}
