import { DatabaseError } from '../errors.ts';

/**
 * DuckDB returns BIGINT as bigint and TIMESTAMPTZ as Date; the readers the
 * store exposes hand out plain numbers and ISO strings instead.
 */
export function toNumber(value: unknown, what: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n))
      throw new DatabaseError(`${what} holds ${value}, beyond JavaScript's safe integers`);
    return n;
  }
  throw new DatabaseError(`${what} holds ${typeof value}, expected a number`);
}

export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function toText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A SQL string literal (standard SQL quoting: DuckDB gives backslashes no meaning). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A value inlined into SQL: finite numbers and booleans as they are, strings quoted. */
export function sqlLiteral(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DatabaseError(`cannot compare with ${value}`);
    return String(value);
  }
  return sqlString(value);
}

export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
