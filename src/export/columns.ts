import type { Duck } from '../load/duck.ts';
import { quoteIdentifier } from '../models/quote.ts';

export interface ColumnInfo {
  name: string;
  /** DuckDB's spelling: `TIMESTAMP WITH TIME ZONE`, `VARCHAR[]`, `JSON`, ... */
  type: string;
}

/** A relation's columns in order, from the database itself. */
export async function readColumns(duck: Duck, relation: string): Promise<ColumnInfo[]> {
  return duck.all<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_schema = 'main' AND table_catalog = current_database() AND table_name = $relation
     ORDER BY ordinal_position`,
    { relation },
  );
}

/**
 * An instant as ISO 8601 in UTC: milliseconds (`.000Z`, as Trakt sends them)
 * unless the value has finer digits, then microseconds, so nothing is lost.
 * Never depends on the session time zone.
 */
function isoInstant(expression: string, zone: 'Z' | ''): string {
  const utc = zone === 'Z' ? `(${expression}) AT TIME ZONE 'UTC'` : `(${expression})`;
  return `CASE WHEN epoch_us(${expression}) % 1000 = 0
    THEN strftime(${utc}, '%Y-%m-%dT%H:%M:%S.%g${zone}')
    ELSE strftime(${utc}, '%Y-%m-%dT%H:%M:%S.%f${zone}') END`;
}

/**
 * The column as text for CSV: instants in ISO 8601, lists, structs and maps
 * as JSON, JSON as its text, everything else DuckDB's own text form (which
 * reads back to the same value).
 */
export function csvExpression(column: ColumnInfo): string {
  const ref = quoteIdentifier(column.name);
  const type = column.type.toUpperCase();
  if (type === 'TIMESTAMP WITH TIME ZONE') return isoInstant(ref, 'Z');
  if (type.startsWith('TIMESTAMP')) return isoInstant(ref, '');
  // JSON keeps its exact text; lists, structs and maps become JSON.
  if (type !== 'JSON' && isNested(type)) return `CAST(to_json(${ref}) AS VARCHAR)`;
  return `CAST(${ref} AS VARCHAR)`;
}

/** The column as a JSON value: instants as ISO strings, nested values as JSON, the rest native. */
export function jsonExpression(column: ColumnInfo): string {
  const ref = quoteIdentifier(column.name);
  const type = column.type.toUpperCase();
  if (type === 'TIMESTAMP WITH TIME ZONE') return isoInstant(ref, 'Z');
  if (type.startsWith('TIMESTAMP')) return isoInstant(ref, '');
  if (type === 'DATE' || type.startsWith('TIME') || type === 'INTERVAL' || type === 'UUID') {
    return `CAST(${ref} AS VARCHAR)`;
  }
  if (type === 'HUGEINT' || type === 'UHUGEINT') return `CAST(${ref} AS VARCHAR)`;
  return ref;
}

function isNested(type: string): boolean {
  return (
    type.endsWith(']') || type.startsWith('STRUCT') || type.startsWith('MAP') || type.startsWith('UNION')
  );
}

/** The relation's rows for JSON lines: one column per column, each as jsonExpression says. */
export function jsonSelect(columns: readonly ColumnInfo[], relation: string): string {
  const fields = columns.map((c) => `${jsonExpression(c)} AS ${quoteIdentifier(c.name)}`).join(', ');
  return `SELECT ${fields} FROM ${quoteIdentifier(relation)}`;
}

/** The relation's rows for CSV: every column as text, as csvExpression says. */
export function csvSelect(columns: readonly ColumnInfo[], relation: string): string {
  const fields = columns.map((c) => `${csvExpression(c)} AS ${quoteIdentifier(c.name)}`).join(', ');
  return `SELECT ${fields} FROM ${quoteIdentifier(relation)}`;
}
