import type { NormalizerName } from '../normalize/registry.ts';
import { family, hiddenSection, listFileRef } from './names.ts';

/** What one JSON file of an export is, decided by its shape with the name as a hint. */
export type Classification =
  /** Items for a registered normalizer (the same one the API path uses). */
  | { kind: 'items'; normalizer: NormalizerName; context: { listTraktId?: number; section?: string } }
  /** Items of a personal list, named by id (`lists-list-<id>-<slug>`) or by slug only. */
  | { kind: 'list-items'; listId: number | null; slug: string }
  /** `/users/settings` (`main`) or `/users/{id}` (`user`): together the profile row. */
  | { kind: 'profile'; part: 'main' | 'user' }
  /** `[]` in a file whose name says what it would hold. */
  | { kind: 'empty'; table: string }
  /** Known, and deliberately not loaded. */
  | { kind: 'skip'; reason: string }
  | { kind: 'unknown'; reason: string };

/**
 * The official export's social files (docs/account.md): which relation
 * each holds. `followers-requests` is the requests awaiting the account's
 * approval; the export has no file for the account's own requests.
 */
const NETWORK_FILES: Record<string, NormalizerName> = {
  'network-followers': 'followers',
  'network-following': 'following',
  'network-friends': 'friends',
  'network-followers-requests': 'requests_in',
};

const SKIPPED = {
  network:
    'people, but the file name says no relation (network-followers, network-following, network-friends, network-followers-requests)',
  stats:
    'account totals at the moment of export; stats_snapshots needs the time they were taken, which the export does not record (`traktdb verify` reads them from the API)',
  activities: 'sync bookkeeping of that moment; the next `traktdb sync` reads it from the API',
  empty: 'empty; nothing to load',
} as const;

/** The table a file of this name holds, for files that are `[]`. */
function tableByName(logical: string): string | { skip: string } | null {
  if (logical === 'lists-collaborations') return 'lists';
  if (NETWORK_FILES[logical] !== undefined) return 'social';
  if (logical.startsWith('lists-list-')) return 'list_items';
  const byExact: Record<string, string> = {
    'watched-history': 'plays',
    'watched-movies': 'watched',
    'watched-shows': 'watched',
    'watched-playback': 'playback',
    'lists-watchlist': 'watchlist',
    'lists-favorites': 'favorites',
    'lists-lists': 'lists',
    'user-profile': 'profile',
    'user-settings': 'profile',
  };
  const exact = byExact[logical];
  if (exact !== undefined) return exact;
  const byFamily: Record<string, string | { skip: string }> = {
    ratings: 'ratings',
    collection: 'collection',
    hidden: 'hidden_items',
    comments: 'comments',
    likes: 'likes',
    notes: 'notes',
  };
  return byFamily[family(logical)] ?? null;
}

export function classify(logical: string, value: unknown): Classification {
  if (Array.isArray(value)) return classifyItems(logical, value);
  if (isObject(value)) return classifyObject(value);
  return {
    kind: 'unknown',
    reason: `holds ${value === null ? 'null' : typeof value}, not an array of items`,
  };
}

function classifyObject(value: Record<string, unknown>): Classification {
  if (isObject(value['user']) && isObject(value['account'])) return { kind: 'profile', part: 'main' };
  if (typeof value['username'] === 'string' && isObject(value['ids']))
    return { kind: 'profile', part: 'user' };
  if (typeof value['all'] === 'string' && isObject(value['movies'])) {
    return { kind: 'skip', reason: SKIPPED.activities };
  }
  if (isObject(value['movies']) && isObject(value['shows']) && isObject(value['episodes'])) {
    return { kind: 'skip', reason: SKIPPED.stats };
  }
  return {
    kind: 'unknown',
    reason: `a JSON object with keys {${keysOf(value)}}, which match no known shape`,
  };
}

function classifyItems(logical: string, items: unknown[]): Classification {
  const first = items[0];
  if (first === undefined) {
    const table = tableByName(logical);
    if (table === null) return { kind: 'skip', reason: SKIPPED.empty };
    return typeof table === 'string' ? { kind: 'empty', table } : { kind: 'skip', reason: table.skip };
  }
  if (!isObject(first)) {
    return { kind: 'unknown', reason: `an array of ${first === null ? 'null' : typeof first}, not of items` };
  }
  const has = (key: string) => first[key] !== undefined;
  const hasObject = (key: string) => isObject(first[key]);
  const items_ = (normalizer: NormalizerName, context: { section?: string } = {}): Classification => ({
    kind: 'items',
    normalizer,
    context,
  });

  // History: one entry per play (docs/trakt-api.md §3 /sync/history).
  if (has('id') && has('watched_at') && has('action')) return items_('history');
  // Watched aggregates: plays per movie or show, no `type`.
  if (has('plays') && has('last_watched_at') && (hasObject('movie') || hasObject('show'))) {
    return items_('watched');
  }
  if (has('rating') && has('rated_at')) return items_('ratings');
  if (has('progress') && has('paused_at')) return items_('playback');
  if (has('listed_at') && has('rank') && has('id') && has('type')) return classifyListed(logical);
  if (has('hidden_at') && has('type')) {
    const section = hiddenSection(logical);
    return section === null
      ? {
          kind: 'unknown',
          reason: 'hidden items, but the file name gives no section (hidden-<section>.json)',
        }
      : items_('hidden', { section });
  }
  if (has('liked_at') && has('type')) return items_('likes');
  if (hasObject('comment') && has('type')) return items_('comments');
  if (has('id') && (has('notes') || has('note')) && (hasObject('item') || has('type')))
    return items_('notes');
  if (has('collected_at') && hasObject('movie')) return items_('collection_movies');
  if (has('collected_at') && hasObject('episode')) return items_('collection_episodes');
  if (has('last_collected_at') && hasObject('show')) return items_('collection_shows');
  if (hasObject('ids') && has('name') && (has('privacy') || has('item_count'))) {
    // The export holds the collaboration lists only, not their items (docs/account.md).
    return items_(logical === 'lists-collaborations' ? 'collaborations' : 'lists');
  }
  if (hasObject('user') && (has('followed_at') || has('friends_at') || has('requested_at'))) {
    const relation = NETWORK_FILES[logical];
    return relation === undefined ? { kind: 'skip', reason: SKIPPED.network } : items_(relation);
  }
  return { kind: 'unknown', reason: `items have keys {${keysOf(first)}}, which match no known Trakt shape` };
}

/** Watchlist, favorites and personal-list items share one shape; the name says which. */
function classifyListed(logical: string): Classification {
  if (logical === 'lists-watchlist' || logical === 'watchlist') {
    return { kind: 'items', normalizer: 'watchlist', context: {} };
  }
  if (logical === 'lists-favorites' || logical === 'favorites') {
    return { kind: 'items', normalizer: 'favorites', context: {} };
  }
  const ref = listFileRef(logical);
  if (ref !== null) return { kind: 'list-items', listId: ref.listId, slug: ref.slug };
  if (logical.startsWith('lists-') && logical !== 'lists-lists' && logical !== 'lists-collaborations') {
    return { kind: 'list-items', listId: null, slug: logical.slice('lists-'.length) };
  }
  return {
    kind: 'unknown',
    reason:
      'list items, but the file name names no list (lists-watchlist, lists-favorites, lists-list-<id>-<slug>)',
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function keysOf(value: Record<string, unknown>): string {
  const keys = Object.keys(value).sort();
  return keys.length > 8 ? `${keys.slice(0, 8).join(', ')}, ...` : keys.join(', ');
}
