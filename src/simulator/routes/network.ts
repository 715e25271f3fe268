/**
 * The rest of the account (docs/trakt-api.md §9): followers, following,
 * friends, follow requests both ways, the lists the account collaborates on,
 * and VIP saved filters.
 *
 * - `/users/{id}/followers`, `/following` answer `[{followed_at, user}]`,
 *   `/friends` `[{friends_at, user}]` (contract `users/index.ts`,
 *   `followerResponseSchema.ts`, `friendResponseSchema.ts`); not paged (the
 *   contract gives them no page query); newest first, then by slug.
 *   `friends_at` is when the follow became mutual: the later of the two.
 * - `/users/requests` (someone waits for the account's approval) and
 *   `/users/requests/following` (the account waits for theirs) answer
 *   `[{id, requested_at, user}]` (contract `users/subroutes/requests.ts`), OAuth required.
 * - `/users/{id}/lists/collaborations`: lists owned by other users, in the
 *   lists' shape with `user` = the owner; not paged (contract
 *   `users/subroutes/userLists.ts`). Their items: `/users/{owner}/lists/{list}/items`.
 * - `/users/saved_filters/{section}` (movies, shows, calendars, search): VIP
 *   only, paged, `[{rank, id, section, name, path, query, updated_at}]` by
 *   rank (contract `users/subroutes/filters.ts`). A free account is refused
 *   with the simulator's `vipRefusal` status (403 by default; 404 or 426).
 *
 * `extended=full` gives the users their full profile fields.
 */
import { type FilterSection, friendsOf, type OtherUser } from '../account.ts';
import type { Json } from '../media-json.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import { notFound, ok, paged } from './common.ts';
import { listJson, otherUserFull, otherUserJson } from './users.ts';

function userJson(ctx: Ctx, u: OtherUser): Json {
  return ctx.full ? otherUserFull(u) : otherUserJson(u);
}

/** `[{<field>: time, user}]`, newest first, ties by slug. */
function relation(field: 'followed_at' | 'friends_at', source: (ctx: Ctx) => Map<number, number>) {
  return (ctx: Ctx): Reply => {
    const a = ctx.s.account;
    const rows = [...source(ctx)].sort(
      ([u1, t1], [u2, t2]) => t2 - t1 || (a.others[u1]!.slug < a.others[u2]!.slug ? -1 : 1),
    );
    return ok(rows.map(([user, at]) => ({ [field]: iso(at), user: userJson(ctx, a.others[user]!) })));
  };
}

function requests(direction: 'requestsIn' | 'requestsOut') {
  return (ctx: Ctx): Reply => {
    const a = ctx.s.account;
    const rows = [...a.social[direction]].sort((x, y) => y.requestedAt - x.requestedAt || y.id - x.id);
    return ok(
      rows.map((r) => ({
        id: r.id,
        requested_at: iso(r.requestedAt),
        user: userJson(ctx, a.others[r.user]!),
      })),
    );
  };
}

function collaborations(ctx: Ctx): Reply {
  const a = ctx.s.account;
  return ok(a.collaborations.map((l) => listJson(a, l)));
}

const FILTER_SECTIONS = new Set<FilterSection>(['movies', 'shows', 'calendars', 'search']);

/** docs/trakt-api.md §2: 426 is "VIP only" and carries X-Upgrade-URL; 403 and 404 are Trakt's plain refusals. */
function refusal(status: 403 | 404 | 426): Reply {
  if (status === 426) {
    return {
      status,
      body: { error: 'vip_only', error_description: 'This feature requires Trakt VIP.' },
      headers: { 'X-Upgrade-URL': 'https://trakt.tv/vip', 'X-VIP-User': 'false' },
    };
  }
  if (status === 404) return notFound();
  return { status, body: { error: 'forbidden', error_description: 'This feature requires Trakt VIP.' } };
}

function savedFilters(ctx: Ctx): Reply {
  const section = ctx.params['section'] as FilterSection;
  if (!FILTER_SECTIONS.has(section)) return notFound();
  const a = ctx.s.account;
  if (!a.profile.vip) return refusal(ctx.s.vipRefusal);
  const items = a.savedFilters
    .filter((f) => f.section === section)
    .sort((x, y) => x.rank - y.rank || x.id - y.id);
  return paged(
    ctx,
    items.length,
    (i) => items[i]!.rank,
    (i) => {
      const f = items[i]!;
      return {
        rank: f.rank,
        id: f.id,
        section: f.section,
        name: f.name,
        path: f.path,
        query: f.query,
        updated_at: iso(f.updatedAt),
      };
    },
  );
}

export const networkRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/followers',
    auth: 'user',
    handle: relation('followed_at', (ctx) => ctx.s.account.social.followers),
  },
  {
    method: 'GET',
    pattern: '/users/:user/following',
    auth: 'user',
    handle: relation('followed_at', (ctx) => ctx.s.account.social.following),
  },
  {
    method: 'GET',
    pattern: '/users/:user/friends',
    auth: 'user',
    handle: relation('friends_at', (ctx) => friendsOf(ctx.s.account.social)),
  },
  { method: 'GET', pattern: '/users/requests', auth: 'required', handle: requests('requestsIn') },
  { method: 'GET', pattern: '/users/requests/following', auth: 'required', handle: requests('requestsOut') },
  { method: 'GET', pattern: '/users/:user/lists/collaborations', auth: 'user', handle: collaborations },
  { method: 'GET', pattern: '/users/saved_filters/:section', auth: 'required', handle: savedFilters },
];
