import type { IdLookups } from './context.ts';
import type { ItemNormalizer, SingleContext, SingleNormalizer } from './registry.ts';
import { rejection } from './rejected.ts';
import type { RowBatch } from './rows.ts';

/**
 * The normalize entry points every path into the mirror uses alike: the API
 * pull (src/extract), the export import (src/import) and the archive
 * rebuild (src/runs/replay.ts). An item its normalizer cannot read (a
 * ShapeError) is set aside with the reason and costs nothing else
 * (docs/tolerance.md "Real Trakt is messier than any simulator").
 */

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
 * The rows of every item of one response, merged into one batch. The other
 * items of the response still give their rows when one is rejected; its
 * media rows go with it, so nothing half-read is loaded.
 */
export function normalizeItems(
  normalizer: ItemNormalizer,
  items: unknown[],
  source: string,
  context: { listTraktId?: number; section?: string; lookups?: IdLookups },
): NormalizedItems {
  const merged: Record<string, unknown[]> = {};
  const rejected: RejectedItem[] = [];
  for (const [index, item] of items.entries()) {
    let batch: RowBatch;
    try {
      batch = normalizer.normalize(item, { source, index, ...context });
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

/**
 * A single-object resource's rows, with an unreadable object set aside like
 * any item (the whole answer is the item; with several parts, all of them):
 * the resource is then rejected, and the run goes on.
 */
export function normalizeSingle(
  normalizer: SingleNormalizer,
  parts: Record<string, unknown>,
  fetchedAt: string,
  context?: SingleContext,
): NormalizedItems {
  try {
    return { batch: normalizer.normalize(parts, fetchedAt, context), rejected: [] };
  } catch (error) {
    const item = Object.keys(parts).length === 1 ? parts['main'] : parts;
    return { batch: {}, rejected: [{ position: 0, ...rejection(error), item }] };
  }
}
