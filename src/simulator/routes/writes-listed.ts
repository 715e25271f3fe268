/**
 * Writes to ranked lists: POST /sync/watchlist (+/remove), /sync/favorites
 * (+/remove), POST /users/{id}/lists (create a personal list) and
 * /users/{id}/lists/{list}/items (+/remove). Bodies and answers follow the trakt-api
 * contract (`listRequestSchema`, `favoriteParamSchema`, `createListRequestSchema`,
 * `listAddResponseSchema`, `listRemoveResponseSchema`, `favoritesResponseSchema`)
 * and Apiary's examples: `added`, `existing`, `deleted` and `not_found` per type,
 * and `list: {updated_at, item_count}`.
 *
 * Choices: an item already listed counts as `existing` and keeps its place;
 * `notes` are kept only for a VIP on the watchlist and personal lists (the contract:
 * "The user must be a Trakt VIP to send notes"), for everyone on favorites;
 * a show with `seasons` puts those seasons on the watchlist ("If seasons are
 * specified, all of those seasons will be added"). A write that would pass an
 * account limit (docs/trakt-api.md §5) answers 420 and changes nothing.
 */
import { type Account, type Listed, nextId, touch, type UserList } from '../account.ts';
import type { AccountLimits } from '../limits.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import type { MediaKind } from '../universe.ts';
import { findList } from './listed.ts';
import { listJson } from './users.ts';
import {
  accountLimitReply,
  counts,
  created,
  itemsOf,
  KIND_OF,
  nowSec,
  PLURAL_OF,
  type Plural,
  resolve,
  seasonByNumber,
  unprocessable,
} from './writes-common.ts';

interface Target {
  /** Where the items live. */
  items: (ctx: Ctx) => Listed[] | undefined;
  types: readonly Plural[];
  /** Whether notes are kept (VIP only on watchlist and lists). */
  notes: (account: Account) => boolean;
  /** The account limits a change must stay within, with the counts they apply to. */
  limits: (ctx: Ctx, added: number) => { name: keyof AccountLimits; count: number }[];
  /** last_activities fields a change stamps, per media kind changed. */
  stamp: (ctx: Ctx, kinds: MediaKind[]) => string[];
  /** Extra change on the list record (a personal list's updated_at). */
  touched?: (ctx: Ctx, now: number) => void;
}

interface Resolved {
  kind: MediaKind;
  idx: number;
  notes: string | null;
}

function read(ctx: Ctx, target: Target): { found: Resolved[]; notFound: Record<string, unknown[]> } {
  const account = ctx.s.account;
  const universe = account.universe;
  const keepNotes = target.notes(account);
  const found: Resolved[] = [];
  const notFound: Record<string, unknown[]> = Object.fromEntries(target.types.map((t) => [t, []]));
  const notesOf = (item: Record<string, unknown>) =>
    keepNotes && typeof item['notes'] === 'string' ? (item['notes'] as string).slice(0, 500) : null;
  for (const type of target.types) {
    const kind = KIND_OF[type];
    for (const item of itemsOf(ctx.body, type)) {
      const idx = resolve(universe, kind, item['ids']);
      if (idx === undefined) {
        notFound[type]!.push(item);
        continue;
      }
      const seasons = type === 'shows' && target.types.includes('seasons') ? itemsOf(item, 'seasons') : [];
      if (seasons.length === 0) {
        found.push({ kind, idx, notes: notesOf(item) });
        continue;
      }
      for (const s of seasons) {
        const seasonIdx = seasonByNumber(universe, idx, s['number']);
        if (seasonIdx !== undefined) found.push({ kind: 'season', idx: seasonIdx, notes: notesOf(s) });
      }
    }
  }
  return { found, notFound };
}

function listSummary(items: Listed[], updatedAt: number) {
  return { updated_at: iso(updatedAt), item_count: items.length };
}

function add(target: Target) {
  return (ctx: Ctx): Reply => {
    const items = target.items(ctx);
    if (items === undefined)
      return { status: 404, body: { error: 'not_found', error_description: 'list not found' } };
    const account = ctx.s.account;
    const { found, notFound } = read(ctx, target);
    const has = new Set(items.map((it) => `${it.kind}:${it.idx}`));
    const fresh: Resolved[] = [];
    const existing = counts(target.types);
    for (const item of found) {
      const key = `${item.kind}:${item.idx}`;
      if (has.has(key)) existing[PLURAL_OF[item.kind]]! += 1;
      else {
        has.add(key);
        fresh.push(item);
      }
    }
    for (const { name, count } of target.limits(ctx, fresh.length)) {
      if (count > ctx.s.limits[name]) return accountLimitReply(account, ctx.s.limits[name]);
    }
    const now = nowSec(ctx);
    const added = counts(target.types);
    for (const item of fresh) {
      const id = nextId(account.next, 'listItem', 1 + (items.length % 7));
      items.push({
        id,
        rank: items.length + 1,
        listedAt: now,
        notes: item.notes,
        kind: item.kind,
        idx: item.idx,
      });
      added[PLURAL_OF[item.kind]]! += 1;
    }
    if (fresh.length > 0) {
      target.touched?.(ctx, now);
      touch(account, now, ...target.stamp(ctx, [...new Set(fresh.map((f) => f.kind))]));
    }
    return created({ added, existing, not_found: notFound, list: listSummary(items, now) });
  };
}

function remove(target: Target) {
  return (ctx: Ctx): Reply => {
    const items = target.items(ctx);
    if (items === undefined)
      return { status: 404, body: { error: 'not_found', error_description: 'list not found' } };
    const account = ctx.s.account;
    const { found, notFound } = read(ctx, target);
    const gone = new Set(found.map((f) => `${f.kind}:${f.idx}`));
    const kept = items.filter((it) => !gone.has(`${it.kind}:${it.idx}`));
    const removed = items.filter((it) => gone.has(`${it.kind}:${it.idx}`));
    const deleted = counts(target.types);
    for (const it of removed) deleted[PLURAL_OF[it.kind]]! += 1;
    const now = nowSec(ctx);
    if (removed.length > 0) {
      items.length = 0;
      items.push(...kept.sort((x, y) => x.rank - y.rank).map((it, k) => ({ ...it, rank: k + 1 })));
      target.touched?.(ctx, now);
      touch(account, now, ...target.stamp(ctx, [...new Set(removed.map((it) => it.kind))]));
    }
    return { status: 200, body: { deleted, not_found: notFound, list: listSummary(items, now) } };
  };
}

const ownList = (ctx: Ctx): UserList | undefined => findList(ctx);
const listItemTotal = (account: Account) => account.lists.reduce((n, l) => n + l.items.length, 0);

const WATCHLIST: Target = {
  items: (ctx) => ctx.s.account.watchlist,
  types: ['movies', 'shows', 'seasons', 'episodes'],
  notes: (account) => account.profile.vip,
  limits: (ctx, added) => [{ name: 'watchlist', count: ctx.s.account.watchlist.length + added }],
  stamp: (_ctx, kinds) => ['watchlist.updated_at', ...kinds.map((k) => `${PLURAL_OF[k]}.watchlisted_at`)],
};

const FAVORITES: Target = {
  items: (ctx) => ctx.s.account.favorites,
  types: ['movies', 'shows'],
  notes: () => true,
  limits: (ctx, added) => [{ name: 'favorites', count: ctx.s.account.favorites.length + added }],
  stamp: (_ctx, kinds) => ['favorites.updated_at', ...kinds.map((k) => `${PLURAL_OF[k]}.favorited_at`)],
};

const LIST_ITEMS: Target = {
  items: (ctx) => ownList(ctx)?.items,
  types: ['movies', 'shows', 'seasons', 'episodes', 'people'],
  notes: (account) => account.profile.vip,
  limits: (ctx, added) => [
    { name: 'listItems', count: (ownList(ctx)?.items.length ?? 0) + added },
    { name: 'listItemsTotal', count: listItemTotal(ctx.s.account) + added },
  ],
  stamp: () => ['lists.updated_at'],
  touched: (ctx, now) => {
    const list = ownList(ctx);
    if (list) list.updatedAt = now;
  },
};

const PRIVACY = new Set(['private', 'link', 'friends', 'public']);

/** POST /users/{id}/lists: a new personal list (the contract's `createListRequestSchema`; Apiary answers 201 with the list). */
function createList(ctx: Ctx): Reply {
  const account = ctx.s.account;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const name = body['name'];
  if (typeof name !== 'string' || name.trim() === '') return unprocessable('name is required.');
  const privacy = body['privacy'] ?? 'private';
  if (typeof privacy !== 'string' || !PRIVACY.has(privacy))
    return unprocessable('privacy must be private, link, friends or public.');
  if (account.lists.length + 1 > ctx.s.limits.lists) return accountLimitReply(account, ctx.s.limits.lists);
  const trakt = ctx.s.mutate.listCreate(name);
  const list = account.lists.find((l) => l.trakt === trakt)!;
  list.privacy = privacy as UserList['privacy'];
  if (typeof body['description'] === 'string') list.description = body['description'];
  if (typeof body['sort_by'] === 'string') list.sortBy = body['sort_by'];
  if (body['sort_how'] === 'asc' || body['sort_how'] === 'desc') list.sortHow = body['sort_how'];
  if (typeof body['display_numbers'] === 'boolean') list.displayNumbers = body['display_numbers'];
  if (typeof body['allow_comments'] === 'boolean') list.allowComments = body['allow_comments'];
  return created(listJson(account, list));
}

export const listedWriteRoutes: Route[] = [
  { method: 'POST', pattern: '/sync/watchlist', auth: 'required', handle: add(WATCHLIST) },
  { method: 'POST', pattern: '/sync/watchlist/remove', auth: 'required', handle: remove(WATCHLIST) },
  { method: 'POST', pattern: '/sync/favorites', auth: 'required', handle: add(FAVORITES) },
  { method: 'POST', pattern: '/sync/favorites/remove', auth: 'required', handle: remove(FAVORITES) },
  { method: 'POST', pattern: '/users/:user/lists', auth: 'required', handle: createList },
  { method: 'POST', pattern: '/users/:user/lists/:list/items', auth: 'required', handle: add(LIST_ITEMS) },
  {
    method: 'POST',
    pattern: '/users/:user/lists/:list/items/remove',
    auth: 'required',
    handle: remove(LIST_ITEMS),
  },
];
