/**
 * The row types of every table in the contract (docs/schema.md).
 * Normalizers produce these; the loader writes them. Column names are the
 * contract's, so a row object can be appended without a mapping.
 *
 * Conventions: ids are JS numbers checked to be safe integers (Trakt ids,
 * including int64 history ids, stay far below 2^53); timestamps are ISO 8601
 * strings in UTC with milliseconds (`2024-03-01T20:15:00.000Z`); dates are
 * `YYYY-MM-DD`; a value Trakt did not send is `null`, never `undefined`.
 */

export type MediaType = 'movie' | 'show' | 'season' | 'episode' | 'person';
export type Timestamp = string;

export interface MovieRow {
  trakt_id: number;
  slug: string | null;
  title: string | null;
  year: number | null;
  imdb_id: string | null;
  tmdb_id: number | null;
  runtime_min: number | null;
  released: string | null;
  genres: string[] | null;
  certification: string | null;
  country: string | null;
  language: string | null;
  community_rating: number | null;
  votes: number | null;
}

export interface ShowRow {
  trakt_id: number;
  slug: string | null;
  title: string | null;
  year: number | null;
  imdb_id: string | null;
  tmdb_id: number | null;
  tvdb_id: number | null;
  runtime_min: number | null;
  network: string | null;
  country: string | null;
  status: string | null;
  genres: string[] | null;
  aired_episodes: number | null;
  first_aired: Timestamp | null;
  community_rating: number | null;
  votes: number | null;
}

export interface SeasonRow {
  trakt_id: number;
  show_trakt_id: number | null;
  number: number | null;
}

export interface EpisodeRow {
  trakt_id: number;
  show_trakt_id: number | null;
  season: number | null;
  number: number | null;
  title: string | null;
  runtime_min: number | null;
  first_aired: Timestamp | null;
  imdb_id: string | null;
  tmdb_id: number | null;
  tvdb_id: number | null;
}

export interface PersonRow {
  trakt_id: number;
  slug: string | null;
  name: string | null;
  imdb_id: string | null;
  tmdb_id: number | null;
}

/** One credit of a movie or show (docs/schema.md `credits`). */
export interface CreditRow {
  media_type: 'movie' | 'show';
  trakt_id: number;
  person_trakt_id: number;
  department: string;
  role: string;
}

export interface PlayRow {
  history_id: number;
  watched_at: Timestamp;
  action: string | null;
  media_type: 'movie' | 'episode';
  movie_trakt_id: number | null;
  show_trakt_id: number | null;
  episode_trakt_id: number | null;
}

export interface RatingRow {
  media_type: MediaType;
  trakt_id: number;
  rating: number;
  rated_at: Timestamp | null;
}

/** watchlist and favorites share this shape. */
export interface ListedItemRow {
  list_item_id: number;
  rank: number | null;
  listed_at: Timestamp | null;
  notes: string | null;
  media_type: MediaType;
  trakt_id: number;
}

export interface CollectionRow {
  media_type: 'movie' | 'episode';
  trakt_id: number;
  collected_at: Timestamp | null;
  updated_at: Timestamp | null;
  media_format: string | null;
  resolution: string | null;
  hdr: string | null;
  audio: string | null;
  audio_channels: string | null;
  is_3d: boolean | null;
}

export interface WatchedRow {
  media_type: 'movie' | 'show';
  trakt_id: number;
  plays: number | null;
  last_watched_at: Timestamp | null;
  last_updated_at: Timestamp | null;
  reset_at: Timestamp | null;
}

export interface PlaybackRow {
  playback_id: number;
  media_type: 'movie' | 'episode';
  trakt_id: number;
  progress: number | null;
  paused_at: Timestamp | null;
}

export interface ListRow {
  list_trakt_id: number;
  slug: string | null;
  name: string | null;
  description: string | null;
  privacy: string | null;
  list_type: string | null;
  sort_by: string | null;
  sort_how: string | null;
  created_at: Timestamp | null;
  updated_at: Timestamp | null;
  item_count: number | null;
  likes: number | null;
  comment_count: number | null;
  /** The list's owner (`user.ids.slug`): the account's own slug for its own lists. */
  owner_slug: string | null;
  /** True for a list another user owns that the account collaborates on (docs/account.md). */
  collaboration: boolean;
}

export interface ListItemRow extends ListedItemRow {
  list_trakt_id: number;
}

export interface HiddenItemRow {
  section: string;
  /** movie, show, season, or user (the comments section hides users). */
  media_type: string;
  trakt_id: number;
  hidden_at: Timestamp | null;
}

export interface CommentRow {
  comment_id: number;
  parent_id: number | null;
  created_at: Timestamp | null;
  updated_at: Timestamp | null;
  body: string | null;
  spoiler: boolean | null;
  review: boolean | null;
  likes: number | null;
  replies: number | null;
  user_rating: number | null;
  /** movie, show, season, episode or list: what the comment is on. */
  media_type: string | null;
  trakt_id: number | null;
}

export interface LikeRow {
  /** comment or list */
  kind: string;
  target_id: number;
  liked_at: Timestamp | null;
}

export interface NoteRow {
  note_id: number;
  created_at: Timestamp | null;
  updated_at: Timestamp | null;
  body: string | null;
  privacy: string | null;
  spoiler: boolean | null;
  media_type: string | null;
  trakt_id: number | null;
}

/** How the account and another user are related (docs/account.md). */
export type SocialRelation = 'follower' | 'following' | 'friend' | 'request_in' | 'request_out';

/** One user in one relation with the account; users are keyed by slug (docs/trakt-api.md §10). */
export interface SocialRow {
  relation: SocialRelation;
  user_slug: string;
  /** NULL when Trakt sends the user's ids with only `slug`. */
  user_trakt_id: number | null;
  username: string | null;
  name: string | null;
  private: boolean | null;
  vip: boolean | null;
  /** followed_at (follower, following), friends_at (friend) or requested_at (requests). */
  since: Timestamp | null;
}

/** A VIP saved filter, /users/saved_filters/{section}. */
export interface SavedFilterRow {
  filter_id: number;
  section: string | null;
  rank: number | null;
  name: string | null;
  path: string | null;
  query: string | null;
  updated_at: Timestamp | null;
}

export interface ProfileRow {
  slug: string;
  username: string | null;
  name: string | null;
  vip: boolean | null;
  vip_ep: boolean | null;
  private: boolean | null;
  joined_at: Timestamp | null;
  location: string | null;
  about: string | null;
  timezone: string | null;
  date_format: string | null;
  time_24hr: boolean | null;
  user_trakt_id: number | null;
}

/** One column per number of /users/{id}/stats, flattened as section_name. */
export interface StatsSnapshotRow {
  fetched_at: Timestamp;
  movies_plays: number | null;
  movies_watched: number | null;
  movies_minutes: number | null;
  movies_collected: number | null;
  movies_ratings: number | null;
  movies_comments: number | null;
  shows_watched: number | null;
  shows_collected: number | null;
  shows_ratings: number | null;
  shows_comments: number | null;
  seasons_ratings: number | null;
  seasons_comments: number | null;
  episodes_plays: number | null;
  episodes_watched: number | null;
  episodes_minutes: number | null;
  episodes_collected: number | null;
  episodes_ratings: number | null;
  episodes_comments: number | null;
  network_friends: number | null;
  network_followers: number | null;
  network_following: number | null;
  ratings_total: number | null;
  ratings_1: number | null;
  ratings_2: number | null;
  ratings_3: number | null;
  ratings_4: number | null;
  ratings_5: number | null;
  ratings_6: number | null;
  ratings_7: number | null;
  ratings_8: number | null;
  ratings_9: number | null;
  ratings_10: number | null;
}

export interface TableRows {
  movies: MovieRow;
  shows: ShowRow;
  seasons: SeasonRow;
  episodes: EpisodeRow;
  people: PersonRow;
  plays: PlayRow;
  ratings: RatingRow;
  watchlist: ListedItemRow;
  favorites: ListedItemRow;
  collection: CollectionRow;
  watched: WatchedRow;
  playback: PlaybackRow;
  lists: ListRow;
  list_items: ListItemRow;
  hidden_items: HiddenItemRow;
  comments: CommentRow;
  likes: LikeRow;
  notes: NoteRow;
  social: SocialRow;
  saved_filters: SavedFilterRow;
  profile: ProfileRow;
  stats_snapshots: StatsSnapshotRow;
  credits: CreditRow;
}

export type TableName = keyof TableRows;

/** Media tables are upserted from every payload; they are never mirrored. */
export const MEDIA_TABLES = ['movies', 'shows', 'seasons', 'episodes', 'people'] as const;
export type MediaTable = (typeof MEDIA_TABLES)[number];
/** Tables that mirror the account (everything but the media tables): each is filled by resource loads. */
export type MirrorTable = Exclude<TableName, MediaTable>;

/** What one normalizer call returns: rows for any number of tables. */
export type RowBatch = { [T in TableName]?: TableRows[T][] };

/**
 * Columns beside the key that name a part of a table: a normalizer sets
 * them from the endpoint it reads, never from the item, so one row lies in
 * one part only (a list is the account's own, or one it collaborates on).
 */
export const PART_COLUMNS: { [T in TableName]?: readonly (keyof TableRows[T] & string)[] } = {
  lists: ['collaboration'],
  saved_filters: ['section'],
};

/** The primary key of each table, in order; `change_log.key` joins these with ':'. */
export const PRIMARY_KEYS: { [T in TableName]: readonly (keyof TableRows[T] & string)[] } = {
  movies: ['trakt_id'],
  shows: ['trakt_id'],
  seasons: ['trakt_id'],
  episodes: ['trakt_id'],
  people: ['trakt_id'],
  plays: ['history_id'],
  ratings: ['media_type', 'trakt_id'],
  watchlist: ['list_item_id'],
  favorites: ['list_item_id'],
  collection: ['media_type', 'trakt_id'],
  watched: ['media_type', 'trakt_id'],
  playback: ['playback_id'],
  lists: ['list_trakt_id'],
  list_items: ['list_trakt_id', 'list_item_id'],
  hidden_items: ['section', 'media_type', 'trakt_id'],
  comments: ['comment_id'],
  likes: ['kind', 'target_id'],
  notes: ['note_id'],
  social: ['relation', 'user_slug'],
  saved_filters: ['filter_id'],
  profile: ['slug'],
  stats_snapshots: ['fetched_at'],
  credits: ['media_type', 'trakt_id', 'person_trakt_id', 'department', 'role'],
};
