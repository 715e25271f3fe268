/**
 * The top-level keys traktdb knows on each kind of item, by normalizer:
 * the fields of Trakt's contract for that response (docs/trakt-api.md §3;
 * contract files named in pipelines/catalog.ts) and of its Apiary examples.
 * A key outside these is ignored when loading (docs/tolerance.md: fields nobody asked
 * for never make an item unreadable); `doctor` names it so a new field is
 * noticed, not guessed at.
 */
const MEDIA = ['movie', 'show', 'season', 'episode', 'person'];
const LISTED = ['rank', 'id', 'listed_at', 'notes', 'type', ...MEDIA];
const COLLECTED = ['collected_at', 'updated_at', 'type', 'metadata', 'available_on'];

export const EXPECTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  history: ['id', 'watched_at', 'action', 'type', 'movie', 'episode', 'show'],
  ratings: ['rated_at', 'rating', 'type', ...MEDIA],
  watchlist: LISTED,
  favorites: LISTED,
  list_items: LISTED,
  collection_movies: [...COLLECTED, 'movie'],
  collection_episodes: [...COLLECTED, 'episode', 'show'],
  collection_shows: ['last_collected_at', 'last_updated_at', 'type', 'show', 'seasons'],
  watched: ['plays', 'last_watched_at', 'last_updated_at', 'reset_at', 'movie', 'show', 'seasons'],
  playback: ['id', 'progress', 'paused_at', 'type', 'movie', 'episode', 'show'],
  lists: [
    'name',
    'description',
    'privacy',
    'share_link',
    'type',
    'display_numbers',
    'allow_comments',
    'sort_by',
    'sort_how',
    'created_at',
    'updated_at',
    'item_count',
    'comment_count',
    'likes',
    'ids',
    'user',
    'images',
  ],
  collaborations: [
    'name',
    'description',
    'privacy',
    'share_link',
    'type',
    'display_numbers',
    'allow_comments',
    'sort_by',
    'sort_how',
    'created_at',
    'updated_at',
    'item_count',
    'comment_count',
    'likes',
    'ids',
    'user',
    'images',
  ],
  // docs/trakt-api.md §9: followers, following and friends, and the follow requests.
  followers: ['followed_at', 'user'],
  following: ['followed_at', 'user'],
  friends: ['friends_at', 'user'],
  requests_in: ['id', 'requested_at', 'user'],
  requests_out: ['id', 'requested_at', 'user'],
  saved_filters: ['rank', 'id', 'section', 'name', 'path', 'query', 'updated_at'],
  hidden: ['hidden_at', 'type', 'movie', 'show', 'season', 'user'],
  comments: ['type', 'comment', 'movie', 'show', 'season', 'episode', 'list'],
  likes: ['liked_at', 'type', 'comment', 'list', 'comment_type', ...MEDIA],
  notes: ['id', 'notes', 'privacy', 'spoiler', 'created_at', 'updated_at', 'item', 'type', ...MEDIA],
};

/** Keys of `item` traktdb does not know for `normalizer` (none when it knows no list for it). */
export function unknownKeys(normalizer: string, item: unknown): string[] {
  const known = EXPECTED_KEYS[normalizer];
  if (known === undefined || typeof item !== 'object' || item === null || Array.isArray(item)) return [];
  return Object.keys(item).filter((key) => !known.includes(key));
}
