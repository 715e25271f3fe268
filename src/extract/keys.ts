import { PRIMARY_KEYS, type RowBatch, type TableName } from '../normalize/rows.ts';

/** The change_log-style key (`movie:123`) of each row `batch` holds for `table`. */
export function rowKeys(table: TableName, batch: RowBatch): string[] {
  const rows = (batch[table] ?? []) as unknown as Record<string, unknown>[];
  const columns = PRIMARY_KEYS[table] as readonly string[];
  return rows.map((row) => columns.map((column) => String(row[column])).join(':'));
}
