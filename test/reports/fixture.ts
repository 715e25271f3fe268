import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duck } from '../../src/load/duck.ts';
import { migrate } from '../../src/load/migrate.ts';
import { buildModels } from '../../src/models/build.ts';

/**
 * A small viewing history, built by hand so every report's answer can be
 * worked out on paper (see reports.test.ts). The account lives in
 * America/New_York: EST (UTC-5) until 2024-03-10 07:00 UTC, then EDT (UTC-4).
 *
 *  id  item                 watched_at (UTC)      local (New York)       minutes
 *   1  movie 103 Gamma      2024-01-01 03:00      2023-12-31 22:00 Sun   90 est (runtime 0)
 *   2  Show One S01E01      2024-01-30 20:00      2024-01-30 15:00 Tue   25
 *   3  Show One S01E02      2024-01-30 20:40      2024-01-30 15:40 Tue   30 (show runtime)
 *   4  Show One S01E03      2024-01-30 21:20      2024-01-30 16:20 Tue   30 (runtime 0 -> show)
 *   5  Show One S01E04      2024-01-31 01:20      2024-01-30 20:20 Tue   28 (4 h after #4)
 *   6  movie 101 Alpha      2024-01-31 18:00      2024-01-31 13:00 Wed   120
 *   7  movie 101 Alpha      2024-01-31 18:08      2024-01-31 13:08 Wed   120 (duplicate of #6)
 *   8  movie 102 Beta       2024-02-01 12:00      2024-02-01 07:00 Thu   90 est (no runtime)
 *   9  Show One S00E01      2024-02-03 02:00      2024-02-02 21:00 Fri   20 (special; UTC day Feb 3)
 *  10  Show Two S01E01      2024-03-10 04:30      2024-03-09 23:30 Sat   42 est (show runtime 0)
 *  11  Show Two S01E02      2024-03-10 07:30      2024-03-10 03:30 Sun   45 (DST: 3 h later, 4 h on the clock)
 *  12  Show Two S01E03      2024-03-10 08:00      2024-03-10 04:00 Sun   42 est
 *  13  movie 101 Alpha      2024-06-15 23:00      2024-06-15 19:00 Sat   120
 *  14  Show One S01E01      2024-06-16 16:00      2024-06-16 12:00 Sun   25
 */
export const FIXTURE_SQL = `
INSERT INTO profile (slug, username, timezone) VALUES ('viewer', 'viewer', 'America/New_York');

INSERT INTO movies (trakt_id, slug, title, year, runtime_min, genres) VALUES
  (101, 'alpha', 'Alpha', 2000, 120, ['action', 'drama']),
  (102, 'beta', 'Beta', 2010, NULL, ['comedy']),
  (103, 'gamma', 'Gamma', 2020, 0, []);

INSERT INTO shows (trakt_id, slug, title, year, runtime_min, genres, aired_episodes) VALUES
  (201, 'show-one', 'Show One', 2011, 30, ['drama', 'comedy'], 6),
  (202, 'show-two', 'Show Two', 2012, 0, ['sci-fi'], 4);

INSERT INTO episodes (trakt_id, show_trakt_id, season, number, title, runtime_min) VALUES
  (2010, 201, 0, 1, 'Special', 20),
  (2011, 201, 1, 1, 'Pilot', 25),
  (2012, 201, 1, 2, 'Second', NULL),
  (2013, 201, 1, 3, 'Third', 0),
  (2014, 201, 1, 4, 'Fourth', 28),
  (2021, 202, 1, 1, 'Launch', NULL),
  (2022, 202, 1, 2, 'Orbit', 45),
  (2023, 202, 1, 3, 'Landing', NULL);

INSERT INTO plays (history_id, watched_at, action, media_type, movie_trakt_id, show_trakt_id, episode_trakt_id) VALUES
  (1, '2024-01-01 03:00:00+00', 'watch', 'movie', 103, NULL, NULL),
  (2, '2024-01-30 20:00:00+00', 'watch', 'episode', NULL, 201, 2011),
  (3, '2024-01-30 20:40:00+00', 'watch', 'episode', NULL, 201, 2012),
  (4, '2024-01-30 21:20:00+00', 'watch', 'episode', NULL, 201, 2013),
  (5, '2024-01-31 01:20:00+00', 'watch', 'episode', NULL, 201, 2014),
  (6, '2024-01-31 18:00:00+00', 'watch', 'movie', 101, NULL, NULL),
  (7, '2024-01-31 18:08:00+00', 'checkin', 'movie', 101, NULL, NULL),
  (8, '2024-02-01 12:00:00+00', 'watch', 'movie', 102, NULL, NULL),
  (9, '2024-02-03 02:00:00+00', 'watch', 'episode', NULL, 201, 2010),
  (10, '2024-03-10 04:30:00+00', 'watch', 'episode', NULL, 202, 2021),
  (11, '2024-03-10 07:30:00+00', 'watch', 'episode', NULL, 202, 2022),
  (12, '2024-03-10 08:00:00+00', 'watch', 'episode', NULL, 202, 2023),
  (13, '2024-06-15 23:00:00+00', 'scrobble', 'movie', 101, NULL, NULL),
  (14, '2024-06-16 16:00:00+00', 'watch', 'episode', NULL, 201, 2011);

INSERT INTO ratings (media_type, trakt_id, rating, rated_at) VALUES
  ('movie', 101, 9, '2024-02-01 00:00:00+00'),
  ('movie', 102, 7, '2024-02-01 00:00:00+00'),
  ('movie', 103, 9, '2024-02-01 00:00:00+00'),
  ('show', 201, 9, '2024-02-01 00:00:00+00'),
  ('season', 3001, 8, '2024-02-01 00:00:00+00'),
  ('episode', 2011, 10, '2024-02-01 00:00:00+00'),
  ('episode', 2012, 7, '2024-02-01 00:00:00+00');

-- Trakt's stats: the latest snapshot agrees except for one episode play.
INSERT INTO stats_snapshots (fetched_at, movies_plays, movies_watched, movies_minutes, episodes_plays,
  episodes_watched, episodes_minutes, ratings_total, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5,
  ratings_6, ratings_7, ratings_8, ratings_9, ratings_10) VALUES
  ('2024-05-01 00:00:00+00', 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
  ('2024-07-01 00:00:00+00', 5, 3, 540, 10, 8, 287, 7, 0, 0, 0, 0, 0, 0, 2, 1, 3, 1);

-- Credits (docs/credits.md): person 1 plays two characters in Alpha (one play each, not two)
-- and acts in Beta; person 3 directs Alpha. No people rows: names read (unknown).
INSERT INTO credits (media_type, trakt_id, person_trakt_id, department, role) VALUES
  ('movie', 101, 1, 'acting', 'Twin A'),
  ('movie', 101, 1, 'acting', 'Twin B'),
  ('movie', 102, 1, 'acting', ''),
  ('movie', 101, 2, 'acting', 'Guard'),
  ('movie', 101, 3, 'directing', 'Director');
`;

export interface Fixture {
  dir: string;
  path: string;
  cleanup(): void;
}

/** A database file with the schema, the hand-built rows and built models. */
export async function createFixtureDatabase(extraSql = ''): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-reports-'));
  const path = join(dir, 'trakt.duckdb');
  const duck = await Duck.open(path);
  try {
    await migrate(duck);
    await duck.run(FIXTURE_SQL);
    if (extraSql) await duck.run(extraSql);
    await buildModels(duck);
  } finally {
    duck.close();
  }
  return { dir, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
