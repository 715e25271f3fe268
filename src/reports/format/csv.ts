import { stringify } from 'csv-stringify/sync';
import type { ReportRow } from '../values.ts';
import { cellText } from './cells.ts';

/**
 * RFC 4180 CSV through csv-stringify: a header row, fields quoted when they
 * hold a comma, quote or line break, quotes doubled. Null is an empty
 * field; an empty string is `""` so the two stay apart.
 */
export function formatCsv(columns: readonly string[], rows: readonly ReportRow[]): string {
  const records = rows.map((row) => columns.map((c) => (row[c] === null ? null : cellText(row[c] ?? null))));
  return stringify(records, { header: true, columns: [...columns], quoted_match: /^$/ });
}
