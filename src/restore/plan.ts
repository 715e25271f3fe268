/**
 * The restore plan, as a pure function of the wanted and the live state:
 * what the wanted state has and the live one lacks (docs/restore.md). Restore only adds, so nothing the live state has is ever planned
 * away.
 *
 * - history: plays match by item and `watched_at` to the minute, as a
 *   multiset: two plays of one item at different times are two plays, and a
 *   play the account already has once is not planned again;
 * - ratings: missing, or there with another value;
 * - watchlist, favorites, collection: missing by media type and trakt id;
 * - lists: the account's own lists matched by name (in order, when names
 *   repeat), their items by media type and trakt id; a list with no match is
 *   created. The `lists` row counts list items; a list to create that has
 *   no items counts as one (docs/restore.md).
 */
import {
  type AccountState,
  type Collected,
  itemKey,
  type Listed,
  type PersonalList,
  type Play,
  playKey,
  type Rating,
  type RestoreResource,
} from './model.ts';

/** A wanted list, the live list it matched (null: to be created) and its items the live one lacks. */
export interface ListWork {
  list: PersonalList;
  liveId: number | null;
  items: Listed[];
}

interface Counts {
  /** Units the wanted state has. */
  wanted: number;
  alreadyThere: number;
}

export type ResourcePlan =
  | (Counts & { resource: 'history'; missing: Play[] })
  | (Counts & { resource: 'ratings'; missing: Rating[] })
  | (Counts & { resource: 'watchlist' | 'favorites'; missing: Listed[] })
  | (Counts & { resource: 'collection'; missing: Collected[] })
  | (Counts & { resource: 'lists'; missing: ListWork[] });

/** One unit of a plan (a play, a rating, an item, a list item or an empty list) and how it is told apart. */
export interface Unit {
  /** Identity across plans: plays by item and minute, list items by their wanted list. */
  key: string;
  /** The item, for not_found and titles; absent for an empty list to create. */
  item?: { mediaType: string; traktId: number };
}

export function planResource(
  resource: RestoreResource,
  wanted: AccountState,
  live: AccountState,
): ResourcePlan {
  switch (resource) {
    case 'history':
      return planPlays(wanted.plays, live.plays);
    case 'ratings':
      return planRatings(wanted.ratings, live.ratings);
    case 'watchlist':
    case 'favorites': {
      const { missing, ...counts } = planItems(wanted[resource], live[resource]);
      return { resource, missing, ...counts };
    }
    case 'collection': {
      const { missing, ...counts } = planItems(wanted.collection, live.collection);
      return { resource, missing, ...counts };
    }
    case 'lists':
      return planLists(wanted.lists, live.lists);
  }
}

function planPlays(wanted: readonly Play[], live: readonly Play[]): ResourcePlan {
  const there = new Map<string, number>();
  for (const play of live) there.set(playKey(play), (there.get(playKey(play)) ?? 0) + 1);
  const missing: Play[] = [];
  // Oldest first: a restore's writes then read in the order they happened.
  const ordered = [...wanted].sort(
    (a, b) => a.watchedAt.localeCompare(b.watchedAt) || itemKey(a).localeCompare(itemKey(b)),
  );
  for (const play of ordered) {
    const key = playKey(play);
    const left = there.get(key) ?? 0;
    if (left > 0) there.set(key, left - 1);
    else missing.push(play);
  }
  return {
    resource: 'history',
    wanted: wanted.length,
    alreadyThere: wanted.length - missing.length,
    missing,
  };
}

function planRatings(wanted: readonly Rating[], live: readonly Rating[]): ResourcePlan {
  const there = new Map(live.map((r) => [itemKey(r), r.rating]));
  const unique = dedupe(wanted);
  const missing = unique.filter((r) => there.get(itemKey(r)) !== r.rating);
  return {
    resource: 'ratings',
    wanted: unique.length,
    alreadyThere: unique.length - missing.length,
    missing,
  };
}

function planItems<T extends { mediaType: string; traktId: number }>(
  wanted: readonly T[],
  live: readonly { mediaType: string; traktId: number }[],
): Counts & { missing: T[] } {
  const there = new Set(live.map(itemKey));
  const unique = dedupe(wanted);
  const missing = unique.filter((item) => !there.has(itemKey(item)));
  return { wanted: unique.length, alreadyThere: unique.length - missing.length, missing };
}

function planLists(wanted: readonly PersonalList[], live: readonly PersonalList[]): ResourcePlan {
  const byName = new Map<string, PersonalList[]>();
  for (const list of [...live].sort((a, b) => a.id - b.id)) {
    byName.set(list.name, [...(byName.get(list.name) ?? []), list]);
  }
  const missing: ListWork[] = [];
  let units = 0;
  let alreadyThere = 0;
  for (const list of wanted) {
    const match = byName.get(list.name)?.shift();
    const items = dedupe(list.items);
    units += items.length === 0 ? 1 : items.length;
    if (match === undefined) {
      missing.push({ list: { ...list, items }, liveId: null, items });
      continue;
    }
    const there = new Set(match.items.map(itemKey));
    const lacking = items.filter((item) => !there.has(itemKey(item)));
    alreadyThere += items.length === 0 ? 1 : items.length - lacking.length;
    if (lacking.length > 0) missing.push({ list: { ...list, items }, liveId: match.id, items: lacking });
  }
  return { resource: 'lists', wanted: units, alreadyThere, missing };
}

/** One of each item: a table keyed by item cannot hold two, but the mirror's list item ids could. */
function dedupe<T extends { mediaType: string; traktId: number }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = itemKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every unit a plan would write, as a multiset of keys. */
export function unitsOf(plan: ResourcePlan): Unit[] {
  switch (plan.resource) {
    case 'history':
      return plan.missing.map((p) => ({
        key: playKey(p),
        item: { mediaType: p.mediaType, traktId: p.traktId },
      }));
    case 'lists':
      return plan.missing.flatMap((work) => listUnits(work.list, work.items, work.liveId === null));
    default:
      return plan.missing.map((i) => ({
        key: itemKey(i),
        item: { mediaType: i.mediaType, traktId: i.traktId },
      }));
  }
}

/** A list's units: its items, or the list itself when it is created empty. */
export function listUnits(list: PersonalList, items: readonly Listed[], created: boolean): Unit[] {
  if (created && items.length === 0) return [{ key: `list:${list.id}` }];
  return items.map((i) => ({
    key: `list:${list.id}:${itemKey(i)}`,
    item: { mediaType: i.mediaType, traktId: i.traktId },
  }));
}

export function plannedCount(plan: ResourcePlan): number {
  return unitsOf(plan).length;
}
