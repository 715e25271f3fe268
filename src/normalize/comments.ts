import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readItemMediaId, readType } from './media.ts';
import type { RowBatch } from './rows.ts';

/**
 * One item of /users/{id}/comments (docs/trakt-api.md §3): `{type, comment{id,
 * parent_id, created_at, updated_at, comment, spoiler, review, replies,
 * likes, user_rating?, user_stats{rating?}}, movie | show | season | episode
 * | list}` -> `comments`, plus the media the comment is on. A comment on a
 * list names the list's trakt id; the list is not one of the account's, so
 * it gets no `lists` row. `parent_id` is kept as Trakt sends it (0 for a
 * top-level comment).
 *
 * Required: `comment.id` (the key) and `type`, and the target's id where it
 * is a list or a media object that always carries one. A season whose id
 * cannot be learned leaves `trakt_id` NULL: the comment itself is whole.
 */
export function normalizeCommentItem(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('comment', ctx));
  const out = new BatchBuilder();
  const comment = f.object('comment');
  const type = readType(f, ['movie', 'show', 'season', 'episode', 'list'] as const);
  const traktId =
    type === 'list' ? f.object('list').object('ids').id('trakt') : readItemMediaId(f, type, out, false);
  out.add('comments', {
    comment_id: comment.id('id'),
    parent_id: comment.optId('parent_id'),
    created_at: comment.optTimestamp('created_at'),
    updated_at: comment.optTimestamp('updated_at'),
    body: comment.optString('comment'),
    spoiler: comment.optBool('spoiler'),
    review: comment.optBool('review'),
    likes: comment.optInt('likes'),
    replies: comment.optInt('replies'),
    user_rating: comment.optInt('user_rating') ?? comment.optObject('user_stats')?.optInt('rating') ?? null,
    media_type: type,
    trakt_id: traktId,
  });
  return out.batch;
}
