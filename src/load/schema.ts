import { DatabaseError } from '../errors.ts';
import { PRIMARY_KEYS, type TableName } from '../normalize/rows.ts';
import type { Duck } from './duck.ts';
import { sqlIdent, sqlString } from './values.ts';

/**
 * What the loader needs to know about a table to stage and merge it,
 * read from the database itself so the SQL always matches the schema the
 * migrations built: column names and SQL types in order, and the key.
 */
export interface Column {
  name: string;
  /** DuckDB's spelling, e.g. `TIMESTAMP WITH TIME ZONE`, `VARCHAR[]`. */
  type: string;
}

export interface TableInfo {
  name: TableName;
  columns: Column[];
  key: readonly string[];
  /** The columns that are not part of the key. */
  values: Column[];
}

export async function readTables(
  duck: Duck,
  names: readonly TableName[],
): Promise<Map<TableName, TableInfo>> {
  const rows = await duck.all<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'main' AND table_catalog = current_database()
     ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<TableName, TableInfo>();
  for (const name of names) {
    const columns = rows
      .filter((r) => r.table_name === name)
      .map((r) => ({ name: r.column_name, type: r.data_type }));
    if (columns.length === 0)
      throw new DatabaseError(`the database has no table ${name}; it was not built by traktdb`);
    const key: readonly string[] = PRIMARY_KEYS[name];
    for (const k of key) {
      if (!columns.some((c) => c.name === k)) throw new DatabaseError(`table ${name} has no key column ${k}`);
    }
    tables.set(name, { name, columns, key, values: columns.filter((c) => !key.includes(c.name)) });
  }
  return tables;
}

export function isTimestamp(column: Column): boolean {
  return column.type === 'TIMESTAMP WITH TIME ZONE';
}

/**
 * A column as JSON-ready text where its JSON would otherwise depend on the
 * session (timestamps): the same ISO form the normalizers produce, so
 * change_log rows read like the rows that were loaded.
 */
export function jsonValue(column: Column, alias: string): string {
  return jsonExpr(column, `${alias}.${sqlIdent(column.name)}`);
}

/** The same for any expression of the column's type. */
export function jsonExpr(column: Column, expression: string): string {
  if (isTimestamp(column)) return `strftime((${expression}) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;
  if (column.type === 'DATE') return `CAST((${expression}) AS VARCHAR)`;
  return expression;
}

/** `json_object('col', value, ...)` of a whole row, columns in table order. */
export function rowJson(table: TableInfo, alias: string, columns = table.columns): string {
  const pairs = columns.map((c) => `${sqlString(c.name)}, ${jsonValue(c, alias)}`);
  return `json_object(${pairs.join(', ')})`;
}

/** change_log.key: the key values as text joined with ':' (docs/schema.md). */
export function keyText(table: TableInfo, alias: string): string {
  const parts = table.key.map((name) => {
    const column = table.columns.find((c) => c.name === name);
    return column === undefined
      ? `${alias}.${sqlIdent(name)}`
      : `CAST(${jsonValue(column, alias)} AS VARCHAR)`;
  });
  return parts.length === 1 ? (parts[0] ?? '') : `concat_ws(':', ${parts.join(', ')})`;
}

/** `a.k1 = b.k1 AND a.k2 = b.k2`. */
export function keyJoin(table: TableInfo, left: string, right: string): string {
  return table.key.map((k) => `${left}.${sqlIdent(k)} = ${right}.${sqlIdent(k)}`).join(' AND ');
}

/** The `columns={...}` argument of read_json for these columns plus the staging sequence. */
export function jsonColumns(columns: readonly Column[]): string {
  const entries = columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`);
  entries.push(`${sqlString(SEQ)}: 'BIGINT'`);
  return `{${entries.join(', ')}}`;
}

/** The staging sequence column: later rows win over earlier ones with the same key. */
export const SEQ = '_seq';
