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
  /** Ids an item left out that the run learned elsewhere (absent: nothing was learned). */
  lookups?: IdLookups;
  /**
   * Told about items that were seen but deliberately not turned into rows
   * (e.g. nested collection episodes that carry no ids), so a caller can count
   * them instead of losing them silently.
   */
  onSkip?: (count: number, reason: string) => void;
}

/**
 * Ids Trakt leaves out of an item where they are secondary (docs/tolerance.md,
 * "Real Trakt is messier than any simulator"), learned by the run with one
 * request each and archived, so a rebuild learns the same: a season's trakt
 * id from its show's `/shows/{id}/seasons`, a user's from `/users/{slug}`.
 */
export interface IdLookups {
  season(showTraktId: number, number: number): number | undefined;
  user(slug: string): number | undefined;
}

/** The one signature every registered normalizer has: one response item -> rows. */
export type Normalizer = (item: unknown, ctx: NormalizeContext) => RowBatch;
