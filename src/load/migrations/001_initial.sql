-- traktdb schema, version 1: the tables of the contract (docs/schema.md).
-- Ids are BIGINT, times TIMESTAMPTZ (UTC), media_type is Trakt's singular type.

-- Media: upserted from every payload that carries the object.
CREATE TABLE movies (
  trakt_id BIGINT PRIMARY KEY,
  slug VARCHAR,
  title VARCHAR,
  year INTEGER,
  imdb_id VARCHAR,
  tmdb_id BIGINT,
  runtime_min INTEGER,
  released DATE,
  genres VARCHAR[],
  certification VARCHAR,
  country VARCHAR,
  language VARCHAR,
  community_rating DOUBLE,
  votes BIGINT
);

CREATE TABLE shows (
  trakt_id BIGINT PRIMARY KEY,
  slug VARCHAR,
  title VARCHAR,
  year INTEGER,
  imdb_id VARCHAR,
  tmdb_id BIGINT,
  tvdb_id BIGINT,
  runtime_min INTEGER,
  network VARCHAR,
  country VARCHAR,
  status VARCHAR,
  genres VARCHAR[],
  aired_episodes INTEGER,
  first_aired TIMESTAMPTZ,
  community_rating DOUBLE,
  votes BIGINT
);

CREATE TABLE seasons (
  trakt_id BIGINT PRIMARY KEY,
  show_trakt_id BIGINT,
  number INTEGER
);

CREATE TABLE episodes (
  trakt_id BIGINT PRIMARY KEY,
  show_trakt_id BIGINT,
  season INTEGER,
  number INTEGER,
  title VARCHAR,
  runtime_min INTEGER,
  first_aired TIMESTAMPTZ,
  imdb_id VARCHAR,
  tmdb_id BIGINT,
  tvdb_id BIGINT
);

CREATE TABLE people (
  trakt_id BIGINT PRIMARY KEY,
  slug VARCHAR,
  name VARCHAR,
  imdb_id VARCHAR,
  tmdb_id BIGINT
);

-- The account: each mirrors Trakt's current state after a successful run.
CREATE TABLE plays (
  history_id BIGINT PRIMARY KEY,
  watched_at TIMESTAMPTZ NOT NULL,
  action VARCHAR,
  media_type VARCHAR NOT NULL,
  movie_trakt_id BIGINT,
  show_trakt_id BIGINT,
  episode_trakt_id BIGINT
);

CREATE TABLE ratings (
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL,
  rating INTEGER NOT NULL,
  rated_at TIMESTAMPTZ,
  PRIMARY KEY (media_type, trakt_id)
);

CREATE TABLE watchlist (
  list_item_id BIGINT PRIMARY KEY,
  rank INTEGER,
  listed_at TIMESTAMPTZ,
  notes VARCHAR,
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL
);

CREATE TABLE favorites (
  list_item_id BIGINT PRIMARY KEY,
  rank INTEGER,
  listed_at TIMESTAMPTZ,
  notes VARCHAR,
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL
);

CREATE TABLE collection (
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL,
  collected_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ,
  media_format VARCHAR,
  resolution VARCHAR,
  hdr VARCHAR,
  audio VARCHAR,
  audio_channels VARCHAR,
  is_3d BOOLEAN,
  PRIMARY KEY (media_type, trakt_id)
);

CREATE TABLE watched (
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL,
  plays INTEGER,
  last_watched_at TIMESTAMPTZ,
  last_updated_at TIMESTAMPTZ,
  reset_at TIMESTAMPTZ,
  PRIMARY KEY (media_type, trakt_id)
);

CREATE TABLE playback (
  playback_id BIGINT PRIMARY KEY,
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL,
  progress DOUBLE,
  paused_at TIMESTAMPTZ
);

CREATE TABLE lists (
  list_trakt_id BIGINT PRIMARY KEY,
  slug VARCHAR,
  name VARCHAR,
  description VARCHAR,
  privacy VARCHAR,
  list_type VARCHAR,
  sort_by VARCHAR,
  sort_how VARCHAR,
  created_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ,
  item_count INTEGER,
  likes INTEGER,
  comment_count INTEGER
);

CREATE TABLE list_items (
  list_trakt_id BIGINT NOT NULL,
  list_item_id BIGINT NOT NULL,
  rank INTEGER,
  listed_at TIMESTAMPTZ,
  notes VARCHAR,
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL,
  PRIMARY KEY (list_trakt_id, list_item_id)
);

CREATE TABLE hidden_items (
  section VARCHAR NOT NULL,
  media_type VARCHAR NOT NULL,
  trakt_id BIGINT NOT NULL,
  hidden_at TIMESTAMPTZ,
  PRIMARY KEY (section, media_type, trakt_id)
);

CREATE TABLE comments (
  comment_id BIGINT PRIMARY KEY,
  parent_id BIGINT,
  created_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ,
  body VARCHAR,
  spoiler BOOLEAN,
  review BOOLEAN,
  likes INTEGER,
  replies INTEGER,
  user_rating INTEGER,
  media_type VARCHAR,
  trakt_id BIGINT
);

CREATE TABLE likes (
  kind VARCHAR NOT NULL,
  target_id BIGINT NOT NULL,
  liked_at TIMESTAMPTZ,
  PRIMARY KEY (kind, target_id)
);

CREATE TABLE notes (
  note_id BIGINT PRIMARY KEY,
  created_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ,
  body VARCHAR,
  privacy VARCHAR,
  spoiler BOOLEAN,
  media_type VARCHAR,
  trakt_id BIGINT
);

CREATE TABLE profile (
  slug VARCHAR PRIMARY KEY,
  username VARCHAR,
  name VARCHAR,
  vip BOOLEAN,
  vip_ep BOOLEAN,
  private BOOLEAN,
  joined_at TIMESTAMPTZ,
  location VARCHAR,
  about VARCHAR,
  timezone VARCHAR,
  date_format VARCHAR,
  time_24hr BOOLEAN,
  user_trakt_id BIGINT
);

CREATE TABLE stats_snapshots (
  fetched_at TIMESTAMPTZ PRIMARY KEY,
  movies_plays BIGINT, movies_watched BIGINT, movies_minutes BIGINT,
  movies_collected BIGINT, movies_ratings BIGINT, movies_comments BIGINT,
  shows_watched BIGINT, shows_collected BIGINT, shows_ratings BIGINT, shows_comments BIGINT,
  seasons_ratings BIGINT, seasons_comments BIGINT,
  episodes_plays BIGINT, episodes_watched BIGINT, episodes_minutes BIGINT,
  episodes_collected BIGINT, episodes_ratings BIGINT, episodes_comments BIGINT,
  network_friends BIGINT, network_followers BIGINT, network_following BIGINT,
  ratings_total BIGINT,
  ratings_1 BIGINT, ratings_2 BIGINT, ratings_3 BIGINT, ratings_4 BIGINT, ratings_5 BIGINT,
  ratings_6 BIGINT, ratings_7 BIGINT, ratings_8 BIGINT, ratings_9 BIGINT, ratings_10 BIGINT
);

-- Bookkeeping.
CREATE SEQUENCE sync_run_ids START 1;

CREATE TABLE sync_runs (
  run_id BIGINT PRIMARY KEY,
  mode VARCHAR NOT NULL,          -- backup, sync, sync-full, rebuild, import
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status VARCHAR NOT NULL,        -- running, succeeded, failed, incomplete, interrupted
  requests INTEGER,
  rate_limited INTEGER,           -- 429s received
  rows_changed BIGINT,
  error VARCHAR,
  waited_ms BIGINT,               -- time spent waiting on the rate budget
  incomplete_resources VARCHAR[]
);

CREATE TABLE sync_state (
  resource VARCHAR PRIMARY KEY,   -- catalog resource name, e.g. plays or list_items:123
  activities JSON,                -- the last_activities fields that announce a change, as seen
  cursor JSON,                    -- resource-specific: history's newest watched_at, window counts
  item_count BIGINT,              -- X-Pagination-Item-Count at the last complete pull
  run_id BIGINT,
  updated_at TIMESTAMPTZ
);

CREATE TABLE change_log (
  run_id BIGINT NOT NULL,
  table_name VARCHAR NOT NULL,
  op VARCHAR NOT NULL,            -- insert, update, delete
  key VARCHAR NOT NULL,           -- primary key values joined with ':'
  old_row JSON,
  new_row JSON,
  changed_at TIMESTAMPTZ NOT NULL
);
