import type { RowBatch } from '../normalize/rows.ts';
import type { Normalize } from './job.ts';

/** The rows of every item of one response, merged into one batch (live runs and rebuild alike). */
export function normalizeItems(
  normalize: Normalize,
  normalizer: string,
  items: unknown[],
  source: string,
  context: { listTraktId?: number; section?: string },
): RowBatch {
  const merged: Record<string, unknown[]> = {};
  for (const [index, item] of items.entries()) {
    const batch = normalize(normalizer, item, { source, index, ...context });
    for (const [table, rows] of Object.entries(batch)) {
      if (rows === undefined) continue;
      const into = merged[table];
      if (into === undefined) merged[table] = [...rows];
      else for (const row of rows) into.push(row);
    }
  }
  return merged as RowBatch;
}
