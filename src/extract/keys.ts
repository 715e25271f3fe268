import type { RowBatch } from '../normalize/rows.ts';
import type { Job } from './job.ts';

/** The change_log-style key (`movie:123`) of each row `batch` holds for the job's table. */
export function rowKeys(job: Pick<Job, 'table' | 'primaryKey'>, batch: RowBatch): string[] {
  const rows = (batch[job.table] ?? []) as unknown as Record<string, unknown>[];
  return rows.map((row) => job.primaryKey.map((column) => String(row[column])).join(':'));
}
