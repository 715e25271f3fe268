import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readItemMedia, readType } from './media.ts';
import type { RowBatch } from './rows.ts';

/**
 * One item of /sync/ratings (docs/trakt-api.md §3):
 * `{rated_at, rating: 1-10, type, movie | show | season+show | episode+show}` -> `ratings`.
 *
 * Required: `type` and the rated object's trakt id (the key), `rating` as a
 * whole number (the row's point) and `rated_at` (Trakt's contract always
 * sends it; a NULL would pass for a value). A season's id may be learned.
 */
export function normalizeRatingItem(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('rating', ctx));
  const out = new BatchBuilder();
  const rating = f.int('rating');
  const ratedAt = f.timestamp('rated_at');
  const type = readType(f, ['movie', 'show', 'season', 'episode'] as const);
  const traktId = readItemMedia(f, type, out);
  out.add('ratings', { media_type: type, trakt_id: traktId, rating, rated_at: ratedAt });
  return out.batch;
}
