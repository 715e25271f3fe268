-- traktdb schema, version 4 (issue 22): the rest of the account (docs/account.md).

-- Followers, following, friends and follow requests both ways: one row per user per relation.
-- Users are keyed by slug: Trakt often sends a user's ids with only `slug` (docs/trakt-api.md §10),
-- and then user_trakt_id is NULL.
CREATE TABLE social (
  relation VARCHAR NOT NULL,       -- follower, following, friend, request_in, request_out
  user_slug VARCHAR NOT NULL,
  user_trakt_id BIGINT,
  username VARCHAR,
  name VARCHAR,
  private BOOLEAN,
  vip BOOLEAN,
  since TIMESTAMPTZ,               -- followed_at, friends_at or requested_at
  PRIMARY KEY (relation, user_slug)
);

-- VIP saved filters, /users/saved_filters/{section}.
CREATE TABLE saved_filters (
  filter_id BIGINT PRIMARY KEY,
  section VARCHAR,
  rank INTEGER,
  name VARCHAR,
  path VARCHAR,
  query VARCHAR,
  updated_at TIMESTAMPTZ
);

-- Lists the account collaborates on share `lists` and `list_items` with its own lists.
ALTER TABLE lists ADD COLUMN owner_slug VARCHAR;
ALTER TABLE lists ADD COLUMN collaboration BOOLEAN DEFAULT false;
UPDATE lists SET collaboration = false;
UPDATE lists SET owner_slug = (SELECT slug FROM profile LIMIT 1);
