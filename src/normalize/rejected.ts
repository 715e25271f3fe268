import { ShapeError } from './shape-error.ts';

/**
 * One `rejected_items` row (docs/tolerance.md "Real Trakt is messier than any
 * simulator"): an item a normalizer could not read, kept with where it came
 * from and why, instead of costing its page, its resource or its run.
 */
export interface RejectedItemRow {
  run_id: number;
  /** Catalog resource key, e.g. `plays` or `list_items:123`. */
  resource: string;
  /** `GET /path?query` of the response that held it. */
  request: string;
  /** Its index in that response's array, from 0. */
  position: number;
  reason: string;
  /** The item exactly as received. */
  item: unknown;
  /** Dotted path of the offending field, when the reader knows it. */
  field: string | null;
}

/** The reason and field of a rejection; only a ShapeError is a rejection, anything else is a bug and is thrown on. */
export function rejection(error: unknown): { reason: string; field: string | null } {
  if (!(error instanceof ShapeError)) throw error;
  return { reason: error.message, field: error.field ?? null };
}
