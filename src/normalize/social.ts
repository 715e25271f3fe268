import { BatchBuilder } from './batch.ts';
import type { NormalizeContext, Normalizer } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import type { RowBatch, SocialRelation } from './rows.ts';

/** The field of each relation's items that says since when (docs/trakt-api.md §9). */
export const SINCE_FIELD: Record<SocialRelation, 'followed_at' | 'friends_at' | 'requested_at'> = {
  follower: 'followed_at',
  following: 'followed_at',
  friend: 'friends_at',
  request_in: 'requested_at',
  request_out: 'requested_at',
};

/**
 * One item of /users/{id}/followers, /following (`{followed_at, user}`),
 * /friends (`{friends_at, user}`), /users/requests or /users/requests/following
 * (`{id, requested_at, user}`), docs/trakt-api.md §9 -> `social`.
 *
 * Required: the user's `ids.slug` (the key: Trakt often sends no numeric
 * id for users, docs/trakt-api.md §10). Everything else is secondary: a
 * user without `ids.trakt` gets `user_trakt_id` NULL, a missing time NULL.
 * The same items come in Trakt's official export (network-*.json).
 */
export function normalizeSocialItem(relation: SocialRelation): Normalizer {
  return (item: unknown, ctx: NormalizeContext): RowBatch => {
    const f = Fields.of(item, subjectOf(`${relation.replace('_', ' ')}`, ctx));
    const user = f.object('user');
    const ids = user.object('ids');
    const out = new BatchBuilder();
    out.add('social', {
      relation,
      user_slug: ids.string('slug'),
      user_trakt_id: ids.optId('trakt'),
      username: user.optString('username'),
      name: user.optString('name'),
      private: user.optBool('private'),
      vip: user.optBool('vip'),
      since: f.optTimestamp(SINCE_FIELD[relation]),
    });
    return out.batch;
  };
}

/**
 * One item of /users/saved_filters/{section} (VIP, docs/trakt-api.md §9):
 * `{rank, id, section, name, path, query, updated_at}` -> `saved_filters`.
 *
 * Required: `id` (the key). `section` is the endpoint's (the item repeats
 * it), so a filter lies in the part of the table its section's load replaces.
 */
export function normalizeSavedFilter(section: string): Normalizer {
  return (item: unknown, ctx: NormalizeContext): RowBatch => {
    const f = Fields.of(item, subjectOf('saved filter', ctx));
    const out = new BatchBuilder();
    out.add('saved_filters', {
      filter_id: f.id('id'),
      section,
      rank: f.optInt('rank'),
      name: f.optString('name'),
      path: f.optString('path'),
      query: f.optString('query'),
      updated_at: f.optTimestamp('updated_at'),
    });
    return out.batch;
  };
}
