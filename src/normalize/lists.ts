import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, isRecord, subjectOf, wellFormed } from './fields.ts';
import type { RowBatch } from './rows.ts';

/**
 * One of the account's personal lists, /users/{id}/lists (docs/trakt-api.md §3):
 * `{name, description?, privacy, type, sort_by, sort_how, created_at,
 * updated_at, item_count, comment_count, likes, ids{trakt, slug}, user}` -> `lists`.
 *
 * The lists the account collaborates on (/users/{id}/lists/collaborations,
 * docs/trakt-api.md §9) have the same shape; `collaboration` says which
 * endpoint a list came from (docs/account.md).
 *
 * Required: `ids.trakt` (the key) alone. Of the `user` (owner) only
 * `ids.slug` is read, into `owner_slug`; a user without one costs nothing.
 */
export function normalizeList(collaboration: boolean) {
  return (item: unknown, ctx: NormalizeContext): RowBatch => listRow(item, ctx, collaboration);
}

function listRow(item: unknown, ctx: NormalizeContext, collaboration: boolean): RowBatch {
  const f = Fields.of(item, subjectOf(collaboration ? 'collaboration list' : 'list', ctx));
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
    owner_slug: ownerSlug(f.raw('user')),
    collaboration,
  });
  return out.batch;
}

/** The owner's slug, read leniently: the owner is secondary to the list (docs/tolerance.md). */
function ownerSlug(user: unknown): string | null {
  const ids = isRecord(user) ? user['ids'] : undefined;
  const slug = isRecord(ids) ? ids['slug'] : undefined;
  return typeof slug === 'string' && slug !== '' ? wellFormed(slug) : null;
}
