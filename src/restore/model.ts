/**
 * The account as restore sees it, whichever side it comes from: the wanted
 * state (the mirror in `--db`, or the mirror as of an instant) and the live
 * state (read from Trakt). Both are built from rows of the contract's
 * tables, as the normalizers and the change log write them.
 */
import { UsageError } from '../errors.ts';

/** The resources `restore --only` names, in the order they are restored. */
export const RESTORE_RESOURCES = [
  'history',
  'ratings',
  'watchlist',
  'favorites',
  'collection',
  'lists',
] as const;
export type RestoreResource = (typeof RESTORE_RESOURCES)[number];

/** The tables a resource's state is built from. */
export const TABLES_OF: Record<RestoreResource, readonly string[]> = {
  history: ['plays'],
  ratings: ['ratings'],
  watchlist: ['watchlist'],
  favorites: ['favorites'],
  collection: ['collection'],
  lists: ['lists', 'list_items'],
};

export type MediaType = 'movie' | 'show' | 'season' | 'episode' | 'person';

export interface Play {
  mediaType: 'movie' | 'episode';
  traktId: number;
  /** ISO 8601, as Trakt sent it. */
  watchedAt: string;
}

export interface Rating {
  mediaType: MediaType;
  traktId: number;
  rating: number;
  ratedAt: string | null;
}

export interface Listed {
  mediaType: MediaType;
  traktId: number;
  notes: string | null;
}

export interface Collected {
  mediaType: 'movie' | 'episode';
  traktId: number;
  collectedAt: string | null;
  /** The collection metadata, by the name Trakt's add body uses (`media_type`, `resolution`, ..., `3d`). */
  metadata: Record<string, string | boolean>;
}

export interface PersonalList {
  /** The list's trakt id on its own side (mirror or live). */
  id: number;
  name: string;
  description: string | null;
  privacy: string | null;
  sortBy: string | null;
  sortHow: string | null;
  items: Listed[];
}

export interface AccountState {
  plays: Play[];
  ratings: Rating[];
  watchlist: Listed[];
  favorites: Listed[];
  collection: Collected[];
  lists: PersonalList[];
}

export type Rows = Partial<Record<string, Record<string, unknown>[]>>;

/** `movie:123`: how every resource but history compares items (docs/restore.md). */
export function itemKey(item: { mediaType: string; traktId: number }): string {
  return `${item.mediaType}:${item.traktId}`;
}

/** `movie:123:29433120`: plays match by item and watched_at to the minute (docs/restore.md). */
export function playKey(play: Play): string {
  return `${itemKey(play)}:${Math.floor(Date.parse(play.watchedAt) / 60_000)}`;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Ranked items in their rank order, so items added back keep the order they had (Trakt appends). */
function byRank(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const rank = (row: Record<string, unknown>) =>
    row['rank'] === null || row['rank'] === undefined ? Number.MAX_SAFE_INTEGER : Number(row['rank']);
  return [...rows].sort((a, b) => rank(a) - rank(b));
}

/** An AccountState from table rows; lists another user owns (a collaboration) are left out. */
export function stateFromRows(rows: Rows): AccountState {
  const plays: Play[] = [];
  for (const row of rows['plays'] ?? []) {
    const mediaType = row['media_type'] === 'movie' ? 'movie' : 'episode';
    const id = mediaType === 'movie' ? row['movie_trakt_id'] : row['episode_trakt_id'];
    const watchedAt = text(row['watched_at']);
    if (id === null || id === undefined || watchedAt === null) continue;
    plays.push({ mediaType, traktId: num(id), watchedAt });
  }
  const listed = (table: string): Listed[] =>
    byRank(rows[table] ?? []).map((row) => ({
      mediaType: String(row['media_type']) as MediaType,
      traktId: num(row['trakt_id']),
      notes: text(row['notes']),
    }));
  const items = new Map<number, Listed[]>();
  for (const row of byRank(rows['list_items'] ?? [])) {
    const id = num(row['list_trakt_id']);
    const list = items.get(id) ?? [];
    list.push({
      mediaType: String(row['media_type']) as MediaType,
      traktId: num(row['trakt_id']),
      notes: text(row['notes']),
    });
    items.set(id, list);
  }
  return {
    plays,
    ratings: (rows['ratings'] ?? []).map((row) => ({
      mediaType: String(row['media_type']) as MediaType,
      traktId: num(row['trakt_id']),
      rating: num(row['rating']),
      ratedAt: text(row['rated_at']),
    })),
    watchlist: listed('watchlist'),
    favorites: listed('favorites'),
    collection: (rows['collection'] ?? []).map((row) => {
      const metadata: Record<string, string | boolean> = {};
      for (const [column, name] of [
        ['media_format', 'media_type'],
        ['resolution', 'resolution'],
        ['hdr', 'hdr'],
        ['audio', 'audio'],
        ['audio_channels', 'audio_channels'],
      ] as const) {
        const value = text(row[column]);
        if (value !== null) metadata[name] = value;
      }
      if (typeof row['is_3d'] === 'boolean') metadata['3d'] = row['is_3d'];
      return {
        mediaType: row['media_type'] === 'movie' ? 'movie' : 'episode',
        traktId: num(row['trakt_id']),
        collectedAt: text(row['collected_at']),
        metadata,
      } satisfies Collected;
    }),
    lists: (rows['lists'] ?? [])
      // docs/restore.md: a collaboration list is never a target of restore (issue 22 adds the column).
      .filter((row) => row['collaboration'] !== true)
      .map((row) => {
        const id = num(row['list_trakt_id']);
        return {
          id,
          name: text(row['name']) ?? '',
          description: text(row['description']),
          privacy: text(row['privacy']),
          sortBy: text(row['sort_by']),
          sortHow: text(row['sort_how']),
          items: items.get(id) ?? [],
        };
      })
      .sort((a, b) => a.id - b.id),
  };
}

/** `--only history,ratings`: the resources named, in restore order; a name not among them is bad input. */
export function parseOnly(raw: string | undefined): RestoreResource[] {
  if (raw === undefined || raw.trim() === '') return [...RESTORE_RESOURCES];
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !(RESTORE_RESOURCES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(
      `--only takes a comma-separated list of ${RESTORE_RESOURCES.join(', ')}, not "${unknown.join(',') || raw}".`,
    );
  }
  return RESTORE_RESOURCES.filter((r) => names.includes(r));
}

/** `--as-of`: an ISO 8601 instant (a date alone means its midnight UTC); anything else is bad input. */
export function parseAsOf(raw: string): string {
  const trimmed = raw.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  const ms = Date.parse(dateOnly ? `${trimmed}T00:00:00Z` : trimmed);
  if ((!dateOnly && !instant) || Number.isNaN(ms)) {
    throw new UsageError(
      `--as-of must be an ISO 8601 instant with a time zone, such as 2026-03-01T18:00:00Z, not "${raw}".`,
    );
  }
  return new Date(ms).toISOString();
}
