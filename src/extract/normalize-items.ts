import type { IdLookups } from '../normalize/context.ts';
import { rejection } from '../normalize/rejected.ts';
import type { RowBatch } from '../normalize/rows.ts';
import type { Normalize } from './job.ts';

/** An item of a response that its normalizer could not read. */
export interface RejectedItem {
  /** Its index in the response's array. */
  position: number;
  reason: string;
  field: string | null;
  item: unknown;
}

/** What one response's items gave: the rows of those that could be read, and the others. */
export interface NormalizedItems {
  batch: RowBatch;
  rejected: RejectedItem[];
}

/**
 * The rows of every item of one response, merged into one batch (live runs
 * and rebuild alike). An item its normalizer cannot read (a ShapeError) is
 * set aside with the reason and costs nothing else: the other items of the
 * response still give their rows (docs/tolerance.md "Real Trakt is messier than any
 * simulator"). Its media rows go with it, so nothing half-read is loaded.
 */
export function normalizeItems(
  normalize: Normalize,
  normalizer: string,
  items: unknown[],
  source: string,
  context: { listTraktId?: number; section?: string; lookups?: IdLookups },
): NormalizedItems {
  const merged: Record<string, unknown[]> = {};
  const rejected: RejectedItem[] = [];
  for (const [index, item] of items.entries()) {
    let batch: RowBatch;
    try {
      batch = normalize(normalizer, item, { source, index, ...context });
    } catch (error) {
      rejected.push({ position: index, ...rejection(error), item });
      continue;
    }
    for (const [table, rows] of Object.entries(batch)) {
      if (rows === undefined) continue;
      const into = merged[table];
      if (into === undefined) merged[table] = [...rows];
      else for (const row of rows) into.push(row);
    }
  }
  return { batch: merged as RowBatch, rejected };
}
