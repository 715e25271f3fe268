/**
 * The generated account's state. Everything the API serves and the ground
 * truth reports is derived from this one structure; mutations edit it in place.
 */

import type { PlayStore } from './plays.ts';
import type { MediaKind, MediaUniverse } from './universe.ts';
import type { Zone } from './zones.ts';

export type RatedKind = 'movie' | 'show' | 'season' | 'episode';

export interface Listed {
  id: number;
  rank: number;
  listedAt: number;
  notes: string | null;
  kind: MediaKind;
  idx: number;
}

export interface Rating {
  kind: RatedKind;
  idx: number;
  rating: number;
  ratedAt: number;
}

export interface CollectionMeta {
  mediaType: string | null;
  resolution: string | null;
  hdr: string | null;
  audio: string | null;
  audioChannels: string | null;
  is3d: boolean | null;
}

export interface Collected {
  collectedAt: number;
  updatedAt: number;
  meta: CollectionMeta;
}

export interface Playback {
  id: number;
  kind: 'movie' | 'episode';
  idx: number;
  progress: number;
  pausedAt: number;
}

export interface UserList {
  trakt: number;
  slug: string;
  name: string;
  description: string | null;
  privacy: 'private' | 'link' | 'friends' | 'public';
  sortBy: string;
  sortHow: 'asc' | 'desc';
  displayNumbers: boolean;
  allowComments: boolean;
  createdAt: number;
  updatedAt: number;
  likes: number;
  commentCount: number;
  items: Listed[];
}

export type HiddenSection =
  | 'calendar'
  | 'progress_watched'
  | 'progress_collected'
  | 'recommendations'
  | 'comments'
  | 'dropped';

export interface Hidden {
  section: HiddenSection;
  kind: 'movie' | 'show' | 'season' | 'user';
  /** MediaUniverse index, or an index into `others` for users. */
  idx: number;
  hiddenAt: number;
}

export type TargetKind = 'movie' | 'show' | 'season' | 'episode' | 'list';

/** What a comment is on; `list` targets index `otherLists`. */
export interface Target {
  kind: TargetKind;
  idx: number;
}

export interface Comment {
  id: number;
  parentId: number;
  createdAt: number;
  updatedAt: number;
  body: string;
  spoiler: boolean;
  review: boolean;
  likes: number;
  replies: number;
  userRating: number | null;
  target: Target;
  /** Index into `others` for other users' comments; -1 for the account's own. */
  user: number;
}

export interface Like {
  kind: 'comment' | 'list';
  /** Index into otherComments or otherLists. */
  ref: number;
  likedAt: number;
}

export interface Note {
  id: number;
  createdAt: number;
  updatedAt: number;
  body: string;
  privacy: 'private' | 'friends' | 'public';
  spoiler: boolean;
  kind: MediaKind;
  idx: number;
}

export interface OtherUser {
  username: string;
  slug: string;
  /** Null for a user who never set a display name (the contract's `name` is nullish). */
  name: string | null;
  private: boolean;
  vip: boolean;
  vipEp: boolean;
  trakt: number;
  /** When they joined Trakt (`joined_at`, sent with extended=full); 0 when unknown. */
  joinedAt?: number;
  location?: string | null;
}

/** A follow request: `/users/requests` (incoming) or `/users/requests/following` (outgoing). */
export interface FollowRequest {
  id: number;
  /** Index into `others`. */
  user: number;
  requestedAt: number;
}

/**
 * The account's place in the social graph (docs/trakt-api.md §9). Keys are
 * indices into `others`, values the `followed_at` second. Friends are not
 * stored: they are exactly the users in both maps, as Trakt defines them.
 */
export interface Social {
  followers: Map<number, number>;
  following: Map<number, number>;
  requestsIn: FollowRequest[];
  requestsOut: FollowRequest[];
}

export type FilterSection = 'movies' | 'shows' | 'calendars' | 'search';

/** A VIP saved filter (`/users/saved_filters/{section}`). */
export interface SavedFilter {
  id: number;
  /** The user's order across all their filters (Apiary's example ranks four sections 1-4). */
  rank: number;
  section: FilterSection;
  name: string;
  path: string;
  query: string;
  updatedAt: number;
}

/** A list owned by another user that the account may edit (`/users/{id}/lists/collaborations`). */
export interface CollabList extends UserList {
  /** Index into `others`: the owner, whose slug addresses the list's items. */
  owner: number;
}

export interface OtherList {
  trakt: number;
  slug: string;
  name: string;
  description: string;
  privacy: 'public';
  itemCount: number;
  likes: number;
  commentCount: number;
  createdAt: number;
  updatedAt: number;
  user: number;
}

export interface Profile {
  username: string;
  slug: string;
  name: string;
  private: boolean;
  vip: boolean;
  vipEp: boolean;
  vipOg: boolean;
  vipYears: number;
  director: boolean;
  trakt: number;
  uuid: string;
  joinedAt: number;
  location: string;
  about: string;
  gender: string;
  age: number;
  timezone: Zone | string;
  dateFormat: string;
  time24hr: boolean;
}

/** Seconds per field, grouped as /sync/last_activities groups them (docs/trakt-api.md §3). */
export type Activities = Record<string, Record<string, number>>;

export const ACTIVITY_FIELDS: Record<string, readonly string[]> = {
  movies: [
    'watched_at',
    'collected_at',
    'rated_at',
    'watchlisted_at',
    'favorited_at',
    'commented_at',
    'paused_at',
    'hidden_at',
  ],
  episodes: ['watched_at', 'collected_at', 'rated_at', 'watchlisted_at', 'commented_at', 'paused_at'],
  shows: ['rated_at', 'watchlisted_at', 'favorited_at', 'commented_at', 'hidden_at', 'dropped_at'],
  seasons: ['rated_at', 'watchlisted_at', 'commented_at', 'hidden_at'],
  comments: ['liked_at', 'reacted_at', 'blocked_at'],
  lists: ['liked_at', 'reacted_at', 'updated_at', 'commented_at'],
  watchlist: ['updated_at'],
  favorites: ['updated_at'],
  collaborations: ['updated_at'],
  saved_filters: ['updated_at'],
  notes: ['updated_at'],
  account: ['settings_at', 'followed_at', 'following_at', 'pending_at', 'requested_at'],
};

export interface Account {
  universe: MediaUniverse;
  anchor: number;
  plays: PlayStore;
  ratings: Map<string, Rating>;
  watchlist: Listed[];
  favorites: Listed[];
  collectionMovies: Map<number, Collected>;
  collectionEpisodes: Map<number, Collected>;
  playback: Playback[];
  lists: UserList[];
  hidden: Hidden[];
  comments: Comment[];
  likes: Like[];
  notes: Note[];
  profile: Profile;
  others: OtherUser[];
  otherLists: OtherList[];
  otherComments: Comment[];
  social: Social;
  savedFilters: SavedFilter[];
  collaborations: CollabList[];
  /** When the viewer last reset a show's progress to rewatch it (watched `reset_at`). */
  resetAt: Map<number, number>;
  /** Removal times that bump a watched item's last_updated_at: key `m<idx>` or `s<idx>`. */
  touched: Map<string, number>;
  activities: Activities;
  next: {
    listItem: number;
    list: number;
    comment: number;
    note: number;
    playback: number;
    request: number;
    filter: number;
  };
  /** Bumped by every change, so caches of derived views know when to drop. */
  version: number;
}

/** Advances an id counter by `step` and returns the new id (ids grow with time, with gaps). */
export function nextId<K extends string>(ids: Record<K, number>, key: K, step: number): number {
  ids[key] = ids[key] + step;
  return ids[key];
}

export function ratingKey(kind: RatedKind, idx: number): string {
  return `${kind}:${idx}`;
}

/** Friends: the users who follow the account and whom it follows, with the later of the two seconds. */
export function friendsOf(social: Social): Map<number, number> {
  const out = new Map<number, number>();
  for (const [user, at] of social.followers) {
    const back = social.following.get(user);
    if (back !== undefined) out.set(user, Math.max(at, back));
  }
  return out;
}

/** Sets the given activity fields (and `all`) to `now`. */
export function touch(account: Account, now: number, ...fields: string[]): void {
  for (const field of fields) {
    const [group, name] = field.split('.') as [string, string];
    const g = account.activities[group];
    if (!g || !(name in g)) throw new Error(`unknown activity field ${field}`);
    g[name] = now;
  }
  account.activities['all']!['all'] = now;
  account.version++;
}
