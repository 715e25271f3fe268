import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import type { RowBatch } from './rows.ts';

/**
 * One of the account's personal lists, /users/{id}/lists (docs/trakt-api.md §3):
 * `{name, description?, privacy, type, sort_by, sort_how, created_at,
 * updated_at, item_count, comment_count, likes, ids{trakt, slug}, user}` -> `lists`.
 *
 * Required: `ids.trakt` (the key) alone. The `user` (owner) is never read,
 * so a user sent with only a slug costs nothing.
 */
export function normalizeList(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('list', ctx));
  const out = new BatchBuilder();
  const ids = f.object('ids');
  out.add('lists', {
    list_trakt_id: ids.id('trakt'),
    slug: ids.optString('slug'),
    name: f.optString('name'),
    description: f.optString('description'),
    privacy: f.optString('privacy'),
    list_type: f.optString('type'),
    sort_by: f.optString('sort_by'),
    sort_how: f.optString('sort_how'),
    created_at: f.optTimestamp('created_at'),
    updated_at: f.optTimestamp('updated_at'),
    item_count: f.optInt('item_count'),
    likes: f.optInt('likes'),
    comment_count: f.optInt('comment_count'),
  });
  return out.batch;
}
