import type { RowBatch } from './rows.ts';

/**
 * Where an item came from, so a ShapeError can name it: `source` is the
 * request (`GET /sync/history`), `index` the item's position in that
 * response's array (printed as given). Some normalizers need more: list items
 * their list's trakt id, hidden items their section.
 */
export interface NormalizeContext {
  source: string;
  index: number;
  listTraktId?: number;
  section?: string;
  /**
   * Told about items that were seen but deliberately not turned into rows
   * (e.g. nested collection episodes that carry no ids), so a caller can count
   * them instead of losing them silently.
   */
  onSkip?: (count: number, reason: string) => void;
}

/** The one signature every registered normalizer has: one response item -> rows. */
export type Normalizer = (item: unknown, ctx: NormalizeContext) => RowBatch;
