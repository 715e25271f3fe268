/**
 * Ranked lists of items: the watchlist, favorites and personal list items
 * (docs/trakt-api.md §3), with the four sort headers (docs/trakt-api.md §2 Sorting headers).
 * X-Sort-* carry the owner's preference; X-Applied-Sort-* say how this
 * response is really sorted: by the path's sort_by/sort_how, else rank asc.
 */
import type { Listed, UserList } from '../account.ts';
import { mediaFields, traktIdOf } from '../media-json.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import type { MediaUniverse } from '../universe.ts';
import { notFound, paged, SINGULAR } from './common.ts';

const SORTS = new Set([
  'rank',
  'added',
  'title',
  'released',
  'runtime',
  'popularity',
  'percentage',
  'votes',
  'my_rating',
  'random',
  'watched',
  'collected',
]);

function titleOf(universe: MediaUniverse, item: Listed): string {
  switch (item.kind) {
    case 'movie':
      return universe.movies[item.idx]!.title;
    case 'show':
      return universe.shows[item.idx]!.title;
    case 'season':
      return universe.shows[universe.seasons[item.idx]!.show]!.title;
    case 'episode':
      return universe.episodes[item.idx]!.title ?? '';
    case 'person':
      return universe.people[item.idx]!.name;
  }
}

function numberOf(
  universe: MediaUniverse,
  item: Listed,
  field: 'released' | 'runtime' | 'votes' | 'rating',
): number {
  const m =
    item.kind === 'movie'
      ? universe.movies[item.idx]!
      : item.kind === 'show'
        ? universe.shows[item.idx]!
        : item.kind === 'episode'
          ? universe.episodes[item.idx]!
          : undefined;
  if (!m) return 0;
  if (field === 'released') {
    if ('released' in m) return m.released ? Date.parse(m.released) / 1000 : 0;
    return m.firstAired ?? 0;
  }
  if (field === 'runtime') return m.runtime ?? 0;
  return field === 'votes' ? m.votes : m.rating;
}

/** The sort key of an item; ties on it are what the `dupes` fault scrambles. */
function sortKey(universe: MediaUniverse, item: Listed, by: string): number | string {
  switch (by) {
    case 'added':
      return item.listedAt;
    case 'title':
      return titleOf(universe, item);
    case 'released':
      return numberOf(universe, item, 'released');
    case 'runtime':
      return numberOf(universe, item, 'runtime');
    case 'popularity':
    case 'votes':
      return numberOf(universe, item, 'votes');
    case 'percentage':
      return numberOf(universe, item, 'rating');
    default:
      return item.rank;
  }
}

const APPLIED = new Set([
  'rank',
  'added',
  'title',
  'released',
  'runtime',
  'popularity',
  'percentage',
  'votes',
]);

function listedReply(
  ctx: Ctx,
  source: Listed[],
  cacheKey: string,
  kinds: Set<string> | undefined,
  preference: { by: string; how: string },
): Reply {
  const universe = ctx.s.account.universe;
  const askedBy = ctx.params['sort_by'];
  const askedHow = ctx.params['sort_how'] ?? 'asc';
  if (askedBy !== undefined && !SORTS.has(askedBy)) return notFound();
  if (askedHow !== 'asc' && askedHow !== 'desc') return notFound();
  // Sorts the API cannot do itself (my_rating, random, watched, collected) fall back to rank.
  const by = askedBy !== undefined && APPLIED.has(askedBy) ? askedBy : 'rank';
  const how = askedBy !== undefined && APPLIED.has(askedBy) ? askedHow : 'asc';
  const items = ctx.s.views.get(`${cacheKey}:${[...(kinds ?? [])].join(',')}:${by}:${how}`, () => {
    const chosen = kinds ? source.filter((it) => kinds.has(it.kind)) : [...source];
    const dir = how === 'asc' ? 1 : -1;
    const keys = new Map(chosen.map((it) => [it, sortKey(universe, it, by)]));
    return chosen.sort((x, y) => {
      const a = keys.get(x)!;
      const b = keys.get(y)!;
      const c = typeof a === 'string' ? a.localeCompare(b as string) : a - (b as number);
      return dir * c || x.rank - y.rank || x.id - y.id;
    });
  });
  return paged(
    ctx,
    items.length,
    (i) => sortKey(universe, items[i]!, by),
    (i) => {
      const it = items[i]!;
      return {
        rank: it.rank,
        id: it.id,
        listed_at: iso(it.listedAt),
        notes: it.notes,
        type: it.kind,
        ...mediaFields(universe, it.kind, it.idx, ctx.full),
      };
    },
    {
      required: 'listed_at',
      headers: {
        'X-Sort-By': preference.by,
        'X-Sort-How': preference.how,
        'X-Applied-Sort-By': by,
        'X-Applied-Sort-How': how,
      },
    },
  );
}

function kindsFrom(type: string | undefined, allowed: readonly string[]): Set<string> | undefined | null {
  if (type === undefined || type === 'all') return undefined;
  const kinds = type.split(',').map((t) => SINGULAR[t]);
  if (kinds.some((k) => k === undefined || !allowed.includes(k))) return null;
  return new Set(kinds as string[]);
}

function watchlist(ctx: Ctx): Reply {
  const kinds = kindsFrom(ctx.params['type'], ['movie', 'show', 'season', 'episode']);
  if (kinds === null) return notFound();
  return listedReply(ctx, ctx.s.account.watchlist, 'watchlist', kinds, { by: 'rank', how: 'asc' });
}

function favorites(ctx: Ctx): Reply {
  const kinds = kindsFrom(ctx.params['type'], ['movie', 'show']);
  if (kinds === null) return notFound();
  return listedReply(ctx, ctx.s.account.favorites, 'favorites', kinds, { by: 'rank', how: 'asc' });
}

/**
 * The list a path names: one of the account's own lists under its own slug (or `me`), or a list
 * it collaborates on under the owner's slug, by trakt id or slug. Trakt addresses a
 * collaboration list through its owner ("use the correct list owner user when building the API
 * URLs": contract `users/subroutes/userLists.ts` collaborations), so under the account's own
 * slug such a list is not found.
 */
export function findList(ctx: Ctx): UserList | undefined {
  const key = ctx.params['list'] ?? '';
  const user = ctx.params['user'];
  const a = ctx.s.account;
  const named = (l: UserList) => String(l.trakt) === key || l.slug === key;
  if (user === undefined || user === 'me' || user === a.profile.slug) return a.lists.find(named);
  return a.collaborations.find((l) => a.others[l.owner]!.slug === user && named(l));
}

function listItems(ctx: Ctx): Reply {
  const list = findList(ctx);
  if (!list) return notFound('list not found');
  const kinds = kindsFrom(ctx.params['type'], ['movie', 'show', 'season', 'episode', 'person']);
  if (kinds === null) return notFound();
  return listedReply(ctx, list.items, `list:${list.trakt}`, kinds, { by: list.sortBy, how: list.sortHow });
}

/** Trakt id of a listed item, for truth and mutations. */
export function listedTraktId(universe: MediaUniverse, it: Listed): number {
  return traktIdOf(universe, it.kind, it.idx);
}

const sortVariants = (
  base: string,
  auth: Route['auth'],
  handle: Route['handle'],
  otherUsers = false,
): Route[] =>
  [base, `${base}/:type`, `${base}/:type/:sort_by`, `${base}/:type/:sort_by/:sort_how`].map((pattern) =>
    otherUsers
      ? { method: 'GET', pattern, auth, otherUsers, handle }
      : { method: 'GET', pattern, auth, handle },
  );

/**
 * `/users/{id}/recommendations[/{type}[/{sort}]]` and `/sync/recommendations[...]`: the older
 * name of the favorites (Apiary "Get personal recommendations"), one `sort` segment instead of
 * `sort_by/sort_how`, ascending.
 */
function recommendations(ctx: Ctx): Reply {
  const { sort, ...params } = ctx.params;
  return favorites({ ...ctx, params: sort === undefined ? params : { ...params, sort_by: sort } });
}

export const listedRoutes: Route[] = [
  ...sortVariants('/sync/watchlist', 'required', watchlist),
  ...sortVariants('/users/:user/watchlist', 'user', watchlist),
  ...sortVariants('/sync/favorites', 'required', favorites),
  ...sortVariants('/users/:user/favorites', 'user', favorites),
  // A collaboration list's items live under its owner's slug: another user the account knows.
  ...sortVariants('/users/:user/lists/:list/items', 'user', listItems, true),
  { method: 'GET', pattern: '/users/:user/recommendations', auth: 'user', handle: recommendations },
  { method: 'GET', pattern: '/users/:user/recommendations/:type', auth: 'user', handle: recommendations },
  {
    method: 'GET',
    pattern: '/users/:user/recommendations/:type/:sort',
    auth: 'user',
    handle: recommendations,
  },
  { method: 'GET', pattern: '/sync/recommendations', auth: 'required', handle: recommendations },
  { method: 'GET', pattern: '/sync/recommendations/:type', auth: 'required', handle: recommendations },
  { method: 'GET', pattern: '/sync/recommendations/:type/:sort', auth: 'required', handle: recommendations },
];
