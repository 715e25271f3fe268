/**
 * Request bodies for restore's writes and what their answers say, as pure
 * functions. Bodies name every item by its trakt id (Trakt finds items by
 * any id; the trakt id is the one the mirror always has) and follow the trakt-api
 * contract's request schemas (docs/trakt-api.md §3; `bulkMediaRequestSchema`,
 * `ratingsParamSchema`, `favoriteParamSchema`, `createListRequestSchema`).
 */
import type { Collected, Listed, PersonalList, Play, Rating } from './model.ts';

const PLURAL: Record<string, string> = {
  movie: 'movies',
  show: 'shows',
  season: 'seasons',
  episode: 'episodes',
  person: 'people',
};

const SINGULAR: Record<string, string> = Object.fromEntries(Object.entries(PLURAL).map(([s, p]) => [p, s]));

type Body = Record<string, Record<string, unknown>[]>;

function grouped<T extends { mediaType: string; traktId: number }>(
  items: readonly T[],
  extra: (item: T) => Record<string, unknown>,
): Body {
  const body: Body = {};
  for (const item of items) {
    const key = PLURAL[item.mediaType] ?? `${item.mediaType}s`;
    const list = body[key] ?? [];
    list.push({ ids: { trakt: item.traktId }, ...extra(item) });
    body[key] = list;
  }
  return body;
}

/** POST /sync/history: every play with its own `watched_at` (Trakt keeps duplicates, so none is sent twice). */
export function historyBody(plays: readonly Play[]): Body {
  return grouped(plays, (p) => ({ watched_at: p.watchedAt }));
}

/** POST /sync/ratings: the rating and, when the mirror has it, when it was given. */
export function ratingsBody(ratings: readonly Rating[]): Body {
  return grouped(ratings, (r) => ({
    rating: r.rating,
    ...(r.ratedAt === null ? {} : { rated_at: r.ratedAt }),
  }));
}

/**
 * POST /sync/watchlist, /sync/favorites, /users/me/lists/{id}/items. Notes go
 * only where the account may send them (the watchlist's and lists' are VIP
 * only, the contract's `sync/index.ts`).
 */
export function listedBody(items: readonly Listed[], withNotes: boolean): Body {
  return grouped(items, (i) => (withNotes && i.notes !== null ? { notes: i.notes } : {}));
}

/** POST /sync/collection: `collected_at` and the metadata the mirror has (Apiary "Add items to collection"). */
export function collectionBody(items: readonly Collected[]): Body {
  return grouped(items, (c) => ({
    ...(c.collectedAt === null ? {} : { collected_at: c.collectedAt }),
    ...c.metadata,
  }));
}

/** POST /users/me/lists: a list as the mirror had it (the contract's `createListRequestSchema`). */
export function createListBody(list: PersonalList): Record<string, unknown> {
  return {
    name: list.name,
    ...(list.description === null ? {} : { description: list.description }),
    ...(list.privacy === null ? {} : { privacy: list.privacy }),
    ...(list.sortBy === null ? {} : { sort_by: list.sortBy }),
    ...(list.sortHow === null ? {} : { sort_how: list.sortHow }),
  };
}

/**
 * The items an answer's `not_found` names (`{movies: [{ids: {...}}], ...}`),
 * as `movie:123` keys. Items without a trakt id in the echo are not ours.
 */
export function notFoundKeys(answer: unknown): Set<string> {
  const keys = new Set<string>();
  if (typeof answer !== 'object' || answer === null) return keys;
  const notFound = (answer as Record<string, unknown>)['not_found'];
  if (typeof notFound !== 'object' || notFound === null) return keys;
  for (const [type, items] of Object.entries(notFound as Record<string, unknown>)) {
    const kind = SINGULAR[type];
    if (kind === undefined || !Array.isArray(items)) continue;
    for (const item of items) {
      const trakt = (item as { ids?: { trakt?: unknown } } | null)?.ids?.trakt;
      if (typeof trakt === 'number') keys.add(`${kind}:${trakt}`);
    }
  }
  return keys;
}

/** The trakt id of a list Trakt created (its answer is the list, Apiary `POST /users/{id}/lists`). */
export function createdListId(answer: unknown): number | undefined {
  const id = (answer as { ids?: { trakt?: unknown } } | null)?.ids?.trakt;
  return typeof id === 'number' ? id : undefined;
}
