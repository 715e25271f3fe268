-- traktdb schema, version 5 (issue 17): who made and played in what the account watched.

-- One row per credit of a played movie or show, fetched only with `--with credits`
-- (docs/credits.md). `department` is `acting` for cast entries, else the crew key as Trakt
-- sends it (`directing`, `writing`, `created by`, ...); `role` is one character or one job,
-- '' when Trakt sends none. People are upserted into `people` like every embedded person.
CREATE TABLE credits (
  media_type VARCHAR NOT NULL,     -- movie or show (shows' credits are show-level)
  trakt_id BIGINT NOT NULL,        -- the movie's or show's trakt id
  person_trakt_id BIGINT NOT NULL,
  department VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  PRIMARY KEY (media_type, trakt_id, person_trakt_id, department, role)
);
