/**
 * Quirks: ways the real Trakt departs from its own published contract, each
 * seen in Trakt's documentation or reported by exporters, that the simulator
 * reproduces on request (`--quirks`, `quirks` on startSimulator, `POST
 * /_sim/quirks`). By default the simulator follows the contract; a quirk
 * changes what is sent, never the account, so the ground truth stays what a
 * perfect exporter gets (the one exception, `extra-fields`' null years, is
 * a value Trakt really sends, and truth() reports it).
 *
 * | quirk                       | what is sent                                                                              |
 * | --------------------------- | ----------------------------------------------------------------------------------------- |
 * | `slug-only-users`           | user objects inside items carry `ids: {slug}` only (every user of the Apiary examples)    |
 * | `season-without-trakt-id`   | season objects inside items lack `ids.trakt` (the Apiary list-items example)              |
 * | `notes-404`                 | `/users/{id}/notes...` answers 404; `404=PATH` / `405=PATH` do it for any path            |
 * | `no-pagination-headers`     | list items (or `=PATH`) ignore page and limit: everything, no X-Pagination headers        |
 * | `truncate-without-headers`  | list items (or `=PATH`) ignore page and limit: the first 100, no headers (discussion #681) |
 * | `sparse-last-activities`    | last_activities has only the fields of the Apiary example (no favorites, notes, ...)      |
 * | `extra-fields`              | unknown keys on every item and media object, `type` on collection items, null movie years |
 * | `unreadable-items`          | the newest history item lacks `watched_at`; the newest rating's value is a string         |
 * | `stale-network-stats`       | `/users/{id}/stats` counts one follower, following and friend more than the lists hold    |
 *
 * PATH is a path prefix; `*` stands for one segment (`404=/users/*\/lists`).
 */
import type { Account } from './account.ts';
import type { Json } from './media-json.ts';
import { traktIdOf } from './media-json.ts';

export const QUIRK_NAMES = [
  'slug-only-users',
  'season-without-trakt-id',
  'notes-404',
  'no-pagination-headers',
  'truncate-without-headers',
  'sparse-last-activities',
  'extra-fields',
  'unreadable-items',
  'stale-network-stats',
] as const;
export type QuirkName = (typeof QUIRK_NAMES)[number] | '404' | '405';

/** One quirk; `path` narrows (or, for 404/405, names) the paths it applies to. */
export interface Quirk {
  name: QuirkName;
  path?: string;
}

/** The list endpoints Trakt stopped paging without being asked (docs/trakt-api.md §2, discussion #681): list items. */
const LIST_ITEMS = '/users/*/lists/*/items';
/** docs/trakt-api.md §2: unpaged answers stop at 100 items since 2026-04-15 (discussion #681). */
export const UNPAGED_CUT = 100;

/**
 * The groups and fields of last_activities in the Apiary example (docs/trakt-api.md §3,
 * AG /sync/last_activities): older than favorites, notes and dropped shows.
 */
const APIARY_ACTIVITIES: Record<string, readonly string[]> = {
  all: [],
  account: ['followed_at', 'following_at', 'pending_at', 'requested_at', 'settings_at'],
  comments: ['blocked_at', 'liked_at'],
  episodes: ['collected_at', 'commented_at', 'paused_at', 'rated_at', 'watched_at', 'watchlisted_at'],
  lists: ['commented_at', 'liked_at', 'updated_at'],
  movies: [
    'collected_at',
    'commented_at',
    'hidden_at',
    'paused_at',
    'rated_at',
    'recommendations_at',
    'watched_at',
    'watchlisted_at',
  ],
  recommendations: ['updated_at'],
  saved_filters: ['updated_at'],
  seasons: ['commented_at', 'hidden_at', 'rated_at', 'watchlisted_at'],
  shows: ['commented_at', 'hidden_at', 'rated_at', 'recommendations_at', 'watchlisted_at'],
  watchlist: ['updated_at'],
};

/** The unknown key `extra-fields` adds: nothing Trakt documents, so no exporter may need it. */
export const EXTRA_FIELD = 'x_debug';

/** `a,b,404=/users/*\/lists`: names from QUIRK_NAMES, `name=PATH` to narrow, `404=PATH`/`405=PATH`. */
export function parseQuirks(list: string | readonly string[]): Quirk[] {
  const parts = typeof list === 'string' ? list.split(',') : list;
  const quirks: Quirk[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    const at = part.indexOf('=');
    const name = at === -1 ? part : part.slice(0, at);
    const path = at === -1 ? undefined : part.slice(at + 1);
    const known = name === '404' || name === '405' || (QUIRK_NAMES as readonly string[]).includes(name);
    if (!known) {
      throw new Error(`unknown quirk "${name}"; known quirks: ${QUIRK_NAMES.join(', ')}, 404=PATH, 405=PATH`);
    }
    if (path !== undefined && !path.startsWith('/'))
      throw new Error(`quirk ${name}: "${path}" is not a path`);
    if ((name === '404' || name === '405') && path === undefined) {
      throw new Error(`quirk ${name} needs a path: ${name}=/users/*/notes`);
    }
    quirks.push(path === undefined ? { name: name as QuirkName } : { name: name as QuirkName, path });
  }
  return quirks;
}

function pathPattern(prefix: string): RegExp {
  const body = prefix
    .replace(/\/+$/, '')
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${body}(/|$)`);
}

export class Quirks {
  private active: Quirk[] = [];
  /** Who `unreadable-items` spoils, chosen when the quirks are set so every answer spoils the same items. */
  private spoiledPlay: number | undefined;
  private spoiledRating: { kind: string; trakt: number } | undefined;

  constructor(private readonly account: Account) {}

  set(quirks: readonly Quirk[]): void {
    this.active = [...quirks];
    const plays = this.account.plays;
    this.spoiledPlay = plays.length > 0 ? plays.id[0] : undefined;
    const newest = [...this.account.ratings.values()].sort((x, y) => y.ratedAt - x.ratedAt)[0];
    this.spoiledRating =
      newest === undefined
        ? undefined
        : { kind: newest.kind, trakt: traktIdOf(this.account.universe, newest.kind, newest.idx) };
  }

  /** The quirks as set, in the CLI's spelling. */
  list(): string[] {
    return this.active.map((q) => (q.path === undefined ? q.name : `${q.name}=${q.path}`));
  }

  has(name: QuirkName): boolean {
    return this.active.some((q) => q.name === name);
  }

  /** 404 or 405 for a path a quirk makes unavailable. */
  unavailable(path: string): number | undefined {
    for (const q of this.active) {
      if (q.name === 'notes-404' && pathPattern(q.path ?? '/users/*/notes').test(path)) return 404;
      if ((q.name === '404' || q.name === '405') && q.path !== undefined && pathPattern(q.path).test(path)) {
        return Number(q.name);
      }
    }
    return undefined;
  }

  /** How many items an endpoint that ignores paging sends (Infinity: all), or undefined when it pages. */
  unpaged(path: string): number | undefined {
    for (const q of this.active) {
      if (q.name !== 'no-pagination-headers' && q.name !== 'truncate-without-headers') continue;
      if (!pathPattern(q.path ?? LIST_ITEMS).test(path)) continue;
      return q.name === 'truncate-without-headers' ? UNPAGED_CUT : Number.POSITIVE_INFINITY;
    }
    return undefined;
  }

  /** Whether `extra-fields` sends this movie's year as null (and truth reports it so). */
  nullYear(movieTrakt: number): boolean {
    return this.has('extra-fields') && movieTrakt % 2 === 0;
  }

  /**
   * `/users/{id}/stats` as sent: with `stale-network-stats`, network counts that lag behind the
   * lists (a follow Trakt has since removed still counted), so a check of the social tables
   * against the stats finds a difference. The stats are Trakt's numbers, so truth() reports them.
   */
  stats<T extends { network: { friends: number; followers: number; following: number } }>(stats: T): T {
    if (!this.has('stale-network-stats')) return stats;
    const n = stats.network;
    return {
      ...stats,
      network: { friends: n.friends + 1, followers: n.followers + 1, following: n.following + 1 },
    };
  }

  lastActivities(json: Json): Json {
    if (!this.has('sparse-last-activities')) return json;
    const out: Json = {};
    for (const [group, fields] of Object.entries(APIARY_ACTIVITIES)) {
      const value = json[group];
      if (value === undefined) continue;
      if (fields.length === 0 || typeof value !== 'object' || value === null) {
        out[group] = value;
        continue;
      }
      const kept: Json = {};
      for (const field of fields) {
        const v = (value as Json)[field];
        if (v !== undefined) kept[field] = v;
      }
      out[group] = kept;
    }
    return out;
  }

  /** Changes the items of one array answer in place, as the active quirks say. */
  items(route: string, items: Json[]): void {
    if (this.active.length === 0) return;
    const slugOnly = this.has('slug-only-users');
    const noSeasonId = this.has('season-without-trakt-id');
    const extra = this.has('extra-fields');
    if (slugOnly || noSeasonId || extra) {
      for (const item of items) this.walk(item, 0, { slugOnly, noSeasonId, extra });
    }
    if (extra && route.includes('/collection/')) {
      for (const item of items) {
        if (item['type'] !== undefined) continue;
        item['type'] = item['movie'] ? 'movie' : item['episode'] ? 'episode' : 'show';
      }
    }
    if (this.has('unreadable-items')) {
      for (const item of items) {
        if (route.includes('/history') && item['id'] === this.spoiledPlay && 'watched_at' in item) {
          delete item['watched_at'];
        }
        const spoiled = this.spoiledRating;
        if (
          route.includes('/ratings') &&
          spoiled !== undefined &&
          item['type'] === spoiled.kind &&
          traktOf(item[spoiled.kind]) === spoiled.trakt &&
          typeof item['rating'] === 'number'
        ) {
          item['rating'] = String(item['rating']);
        }
      }
    }
  }

  private walk(
    node: Json,
    depth: number,
    on: { slugOnly: boolean; noSeasonId: boolean; extra: boolean },
  ): void {
    if (depth === 0 && on.extra) node[EXTRA_FIELD] = { source: 'quirk', depth };
    for (const [key, value] of Object.entries(node)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const child = value as Json;
      const ids = child['ids'];
      if (key === 'user' && on.slugOnly && isJson(ids)) delete ids['trakt'];
      if (key === 'season' && on.noSeasonId && isJson(ids)) delete ids['trakt'];
      if (on.extra && isJson(ids)) {
        child[EXTRA_FIELD] = true;
        if (key === 'movie' && typeof ids['trakt'] === 'number' && this.nullYear(ids['trakt'])) {
          child['year'] = null;
        }
      }
      if (depth < 3 && key !== 'ids') this.walk(child, depth + 1, on);
    }
  }
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function traktOf(value: unknown): number | undefined {
  if (!isJson(value)) return undefined;
  const ids = value['ids'];
  return isJson(ids) && typeof ids['trakt'] === 'number' ? ids['trakt'] : undefined;
}
