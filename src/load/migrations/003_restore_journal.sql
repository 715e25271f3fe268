-- traktdb schema, version 3 (issue 16): the journal of writes back to Trakt.
-- `restore --apply` and `dedupe --apply` record each batch before sending it
-- and Trakt's answer after, so a run killed at any point can be told apart
-- from one that finished, and a batch whose answer never came is settled by
-- reading the account again, never by posting it again.

CREATE SEQUENCE restore_ids START 1;

CREATE TABLE restore_runs (
  restore_id BIGINT PRIMARY KEY,
  command VARCHAR NOT NULL,       -- restore or dedupe
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status VARCHAR NOT NULL,        -- running, succeeded, incomplete, failed, interrupted
  account_slug VARCHAR,           -- the signed-in account written to
  as_of TIMESTAMPTZ,              -- restore --as-of, when given
  results JSON,                   -- the result rows the run printed
  error VARCHAR
);

CREATE TABLE restore_journal (
  restore_id BIGINT NOT NULL,
  batch INTEGER NOT NULL,         -- 1, 2, ... within the run
  resource VARCHAR NOT NULL,      -- history, ratings, watchlist, favorites, collection, lists
  method VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  items INTEGER NOT NULL,         -- items in the body
  body JSON NOT NULL,             -- what was sent, as sent
  sent_at TIMESTAMPTZ NOT NULL,   -- recorded before the request left
  state VARCHAR NOT NULL,         -- sent, answered, refused, failed, unknown, settled
  status INTEGER,                 -- Trakt's HTTP status, when one came
  answer JSON,                    -- Trakt's answer body (added, existing, not_found...)
  answered_at TIMESTAMPTZ,
  settled_at TIMESTAMPTZ,         -- when a later read of the account settled an unanswered batch
  PRIMARY KEY (restore_id, batch)
);
