/**
 * Hidden items, likes, comments and notes (docs/trakt-api.md §3).
 */
import type { Account, Comment, HiddenSection, OtherList } from '../account.ts';
import { type Json, mediaFields } from '../media-json.ts';
import { COMMENTS_LIMIT } from '../paginate.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import { notFound, paged, SINGULAR } from './common.ts';
import { otherUserJson, ownUserJson } from './users.ts';

const SECTIONS = new Set<HiddenSection>([
  'calendar',
  'progress_watched',
  'progress_collected',
  'recommendations',
  'comments',
  'dropped',
]);

function hidden(ctx: Ctx): Reply {
  const section = ctx.params['section'] as HiddenSection;
  if (!SECTIONS.has(section)) return notFound();
  const type = ctx.query['type'];
  if (type !== undefined && !['movie', 'show', 'season', 'user'].includes(type)) return notFound();
  const a = ctx.s.account;
  const items = a.hidden
    .filter((h) => h.section === section && (type === undefined || h.kind === type))
    .sort((x, y) => y.hiddenAt - x.hiddenAt || x.idx - y.idx);
  return paged(
    ctx,
    items.length,
    (i) => items[i]!.hiddenAt,
    (i) => {
      const h = items[i]!;
      const media =
        h.kind === 'user'
          ? { user: otherUserJson(a.others[h.idx]!) }
          : mediaFields(a.universe, h.kind, h.idx, ctx.full);
      return { hidden_at: iso(h.hiddenAt), type: h.kind, ...media };
    },
    { required: 'hidden_at' },
  );
}

export function otherListJson(a: Account, l: OtherList): Json {
  return {
    name: l.name,
    description: l.description,
    privacy: l.privacy,
    share_link: `https://trakt.tv/lists/${l.trakt}`,
    type: 'personal',
    display_numbers: false,
    allow_comments: true,
    sort_by: 'rank',
    sort_how: 'asc',
    created_at: iso(l.createdAt),
    updated_at: iso(l.updatedAt),
    item_count: l.itemCount,
    comment_count: l.commentCount,
    likes: l.likes,
    ids: { trakt: l.trakt, slug: l.slug },
    user: otherUserJson(a.others[l.user]!),
  };
}

export function commentJson(a: Account, c: Comment): Json {
  return {
    id: c.id,
    parent_id: c.parentId,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    comment: c.body,
    spoiler: c.spoiler,
    review: c.review,
    replies: c.replies,
    likes: c.likes,
    user_rating: c.userRating,
    user_stats: { rating: c.userRating, play_count: 1, completed_count: 1 },
    user: c.user < 0 ? ownUserJson(a) : otherUserJson(a.others[c.user]!),
  };
}

/** The `type` and media (or list) a comment is on. */
function commentTarget(a: Account, c: Comment, full: boolean): Json {
  if (c.target.kind === 'list') return { type: 'list', list: otherListJson(a, a.otherLists[c.target.idx]!) };
  return { type: c.target.kind, ...mediaFields(a.universe, c.target.kind, c.target.idx, full) };
}

function likes(ctx: Ctx): Reply {
  const type = ctx.params['type'];
  if (type !== undefined && type !== 'comments' && type !== 'lists') return notFound();
  const a = ctx.s.account;
  const items = a.likes
    .filter((l) => type === undefined || `${l.kind}s` === type)
    .sort((x, y) => y.likedAt - x.likedAt || x.ref - y.ref);
  const withMedia = ctx.extended.has('comments');
  return paged(
    ctx,
    items.length,
    (i) => items[i]!.likedAt,
    (i) => {
      const l = items[i]!;
      if (l.kind === 'list')
        return { liked_at: iso(l.likedAt), type: 'list', list: otherListJson(a, a.otherLists[l.ref]!) };
      const c = a.otherComments[l.ref]!;
      const item: Json = { liked_at: iso(l.likedAt), type: 'comment', comment: commentJson(a, c) };
      return withMedia ? { ...item, ...commentTarget(a, c, ctx.full), type: 'comment' } : item;
    },
    { required: 'liked_at' },
  );
}

const COMMENT_TYPES = new Set(['all', 'reviews', 'shouts']);
const ON_TYPES: Record<string, string | undefined> = {
  all: undefined,
  movies: 'movie',
  shows: 'show',
  seasons: 'season',
  episodes: 'episode',
  lists: 'list',
};

function comments(ctx: Ctx): Reply {
  const commentType = ctx.params['comment_type'] ?? 'all';
  const onType = ctx.params['type'] ?? 'all';
  if (!COMMENT_TYPES.has(commentType) || !(onType in ON_TYPES)) return notFound();
  const on = ON_TYPES[onType];
  const replies = ctx.query['include_replies'] ?? 'false';
  const a = ctx.s.account;
  const items = a.comments
    .filter((c) => {
      if (commentType === 'reviews' && !c.review) return false;
      if (commentType === 'shouts' && c.review) return false;
      if (on !== undefined && c.target.kind !== on) return false;
      if (replies === 'only') return c.parentId !== 0;
      if (replies !== 'true') return c.parentId === 0;
      return true;
    })
    .sort((x, y) => y.createdAt - x.createdAt || y.id - x.id);
  return paged(
    ctx,
    items.length,
    (i) => items[i]!.createdAt,
    (i) => {
      const c = items[i]!;
      const target = commentTarget(a, c, ctx.full);
      return { type: target['type'], comment: commentJson(a, c), ...target };
    },
    { defaultLimit: COMMENTS_LIMIT },
  );
}

function notes(ctx: Ctx): Reply {
  const type = ctx.params['type'] ?? '';
  const kind = type === 'all' ? undefined : SINGULAR[type];
  if (type !== 'all' && (kind === undefined || type === kind)) return notFound();
  const a = ctx.s.account;
  const items = a.notes
    .filter((n) => kind === undefined || n.kind === kind)
    .sort((x, y) => y.createdAt - x.createdAt || y.id - x.id);
  return paged(
    ctx,
    items.length,
    (i) => items[i]!.createdAt,
    (i) => {
      const n = items[i]!;
      return {
        id: n.id,
        notes: n.body,
        privacy: n.privacy,
        spoiler: n.spoiler,
        created_at: iso(n.createdAt),
        updated_at: iso(n.updatedAt),
        item: { type: n.kind, ...mediaFields(a.universe, n.kind, n.idx, ctx.full) },
      };
    },
  );
}

export const socialRoutes: Route[] = [
  { method: 'GET', pattern: '/users/hidden/:section', auth: 'required', handle: hidden },
  { method: 'GET', pattern: '/users/likes', auth: 'required', handle: likes },
  { method: 'GET', pattern: '/users/likes/:type', auth: 'required', handle: likes },
  { method: 'GET', pattern: '/users/:user/likes/:type', auth: 'user', handle: likes },
  { method: 'GET', pattern: '/users/:user/comments', auth: 'user', handle: comments },
  { method: 'GET', pattern: '/users/:user/comments/:comment_type', auth: 'user', handle: comments },
  { method: 'GET', pattern: '/users/:user/comments/:comment_type/:type', auth: 'user', handle: comments },
  // Only the typed path is documented (contract users/index.ts `/users/:id/notes/:type`): the bare
  // /users/{id}/notes answers 404, as an undocumented path does at Trakt.
  { method: 'GET', pattern: '/users/:user/notes/:type', auth: 'required', handle: notes },
];
