/**
 * Report rows as plain JSON values: counts as numbers (DuckDB's BIGINT and
 * HUGEINT arrive as bigint), timestamps as ISO 8601 strings in UTC, dates
 * and periods as the strings the SQL formats them as.
 */
export type ReportValue = string | number | boolean | null | ReportValue[] | { [key: string]: ReportValue };
export type ReportRow = Record<string, ReportValue>;

export function toReportValue(value: unknown): ReportValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const n = Number(value);
    // Counts and ids stay far below 2^53; a larger value keeps its digits as text.
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toReportValue);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    const out: { [key: string]: ReportValue } = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toReportValue(inner);
    return out;
  }
  return String(value);
}

/** A row with exactly `columns`, in that order. */
export function toReportRow(row: Record<string, unknown>, columns: readonly string[]): ReportRow {
  const out: ReportRow = {};
  for (const column of columns) out[column] = toReportValue(row[column]);
  return out;
}
