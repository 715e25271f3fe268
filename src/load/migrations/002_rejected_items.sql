-- traktdb schema, version 2 (issue 14): what a run could not load, kept rather than lost.

-- An item a normalizer could not read (docs/tolerance.md):
-- the item as Trakt sent it, where it came from and why it was refused. Written in the same
-- transaction as the rest of its resource's load; the next run fetches the item again.
CREATE TABLE rejected_items (
  run_id BIGINT NOT NULL,          -- the run that fetched it (rebuild keeps the archived run's id)
  resource VARCHAR NOT NULL,       -- catalog resource key, e.g. plays or list_items:123
  request VARCHAR NOT NULL,        -- method, path and query of the response, e.g. GET /sync/history?page=1
  position INTEGER NOT NULL,       -- the item's index in that response's array, from 0
  reason VARCHAR NOT NULL,         -- one sentence: what is missing or of the wrong type
  item JSON,                       -- the item exactly as received
  field VARCHAR                    -- dotted path of the offending field, when known
);

-- Resources whose endpoint answered 404 or 405, named with the request, per run.
ALTER TABLE sync_runs ADD COLUMN unavailable_resources VARCHAR[];
