-- traktdb schema, version 6 (issue 18): one set of numbers for a run (docs/sync.md "What the numbers mean").

-- An update that only renumbered a row's rank (watchlist, favorites, list items: Trakt renumbers
-- every item after one that is added or removed). Still logged, so nothing is lost; marked, so a
-- reader can leave it out, and kept out of rows_changed.
ALTER TABLE change_log ADD COLUMN rank_only BOOLEAN DEFAULT FALSE;

-- rows_changed counts the account's rows (the mirror tables) the run inserted, updated or deleted,
-- re-ranked rows left out; these say the rest.
ALTER TABLE sync_runs ADD COLUMN media_rows_changed BIGINT;   -- movies, shows, seasons, episodes, people
ALTER TABLE sync_runs ADD COLUMN rows_reranked BIGINT;        -- rank-only updates
-- A rebuild replays archived runs: their ids, as the ledger rows it recreated.
ALTER TABLE sync_runs ADD COLUMN replayed_runs BIGINT[];
