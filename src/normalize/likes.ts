import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readAnyMedia, readType } from './media.ts';
import type { RowBatch } from './rows.ts';

/**
 * One item of /users/likes/{comments|lists} (docs/trakt-api.md §3):
 * `{liked_at, type: comment|list, comment{id, ...} | list{ids{trakt}, ...}}` -> `likes`.
 * With `extended=comments` a liked comment also carries the media it is on;
 * those objects are upserted too.
 *
 * Required: `type`, the liked comment's `id` or list's `ids.trakt` (the
 * key) and `liked_at` (Trakt always sends it). Media alongside are optional.
 */
export function normalizeLikeItem(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('like', ctx));
  const out = new BatchBuilder();
  const likedAt = f.timestamp('liked_at');
  const kind = readType(f, ['comment', 'list'] as const);
  const targetId =
    kind === 'comment' ? f.object('comment').id('id') : f.object('list').object('ids').id('trakt');
  readAnyMedia(f, out);
  out.add('likes', { kind, target_id: targetId, liked_at: likedAt });
  return out.batch;
}
