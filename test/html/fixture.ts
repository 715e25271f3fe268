import { join } from 'node:path';
import { Duck } from '../../src/load/duck.ts';
import { migrate } from '../../src/load/migrate.ts';
import { buildModels } from '../../src/models/build.ts';

/**
 * A year of viewing built by hand, so each chart's number of marks can be
 * worked out on paper. The account lives in Europe/Berlin (UTC+1 in
 * winter, UTC+2 from 2024-03-31), and titles carry <, &, quotes, CJK,
 * right-to-left script and an emoji.
 *
 *  #  item                      watched_at (UTC)    local (Berlin)         min
 *  1  movie 301 <Alien> & ...   2023-12-31 23:30    2024-01-01 00:30 Mon   100  (2023 in UTC)
 *  2  401 S1E1                  2024-01-15 20:00    2024-01-15 21:00 Mon    22
 *  3  401 S1E2                  2024-01-15 20:30    2024-01-15 21:30 Mon    22
 *  4  movie 302 東京物語          2024-02-10 18:00    2024-02-10 19:00 Sat   136
 *  5  403 S1E2                  2024-03-01 23:30    2024-03-02 00:30 Sat    30  (UTC day Mar 1)
 *  6  402 S1E1                  2024-05-10 17:00    2024-05-10 19:00 Fri    45  streak of 4 days
 *  7  402 S1E2                  2024-05-11 17:00    2024-05-11 19:00 Sat    45
 *  8  402 S1E3                  2024-05-12 17:00    2024-05-12 19:00 Sun    45
 *  9  movie 303 L'Été 🎬         2024-05-13 17:00    2024-05-13 19:00 Mon    90
 * 10  403 S1E1                  2024-05-13 19:00    2024-05-13 21:00 Mon    30
 * 11  401 S1E3                  2024-08-20 10:00    2024-08-20 12:00 Tue    22
 * 12  movie 301 (again)         2024-11-05 21:00    2024-11-05 22:00 Tue   100
 * 13  401 S1E4                  2024-12-31 23:30    2025-01-01 00:30 Wed    22  (2025 locally)
 *
 * In local 2024: 12 plays (4 movie, 8 episode) on 10 days, longest streak
 * May 10-13; month bars: Jan movie+episode, Feb movie, Mar episode, May
 * movie+episode, Aug episode, Nov movie = 8 bar segments. Top shows by
 * minutes: 402 (135), 401 (66), 403 (60); top movies: 301 (2 plays), 302,
 * 303; genres: drama, sci-fi, comedy, romance, animation (5). Show progress
 * (all time, no year): 401 4/10, 402 3/8, 403 2/5.
 */
export const TITLES = {
  alien: '<Alien> & "Friends"',
  tokyo: '東京物語',
  ete: "L'Été 🎬",
  tom: "Tom & Jerry's <Show>",
  ca: 'Ça « va »',
  arabic: 'مسلسل الحنين',
} as const;

const q = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const FIXTURE_SQL = `
INSERT INTO profile (slug, username, timezone) VALUES ('viewer', 'viewer', 'Europe/Berlin');

INSERT INTO movies (trakt_id, slug, title, year, runtime_min, genres) VALUES
  (301, 'alien', ${q(TITLES.alien)}, 1999, 100, ['sci-fi', 'comedy']),
  (302, 'tokyo', ${q(TITLES.tokyo)}, 1953, 136, ['drama']),
  (303, 'ete', ${q(TITLES.ete)}, 2020, 90, ['drama', 'romance']);

INSERT INTO shows (trakt_id, slug, title, year, runtime_min, genres, aired_episodes) VALUES
  (401, 'tom', ${q(TITLES.tom)}, 1990, 22, ['animation', 'comedy'], 10),
  (402, 'ca', ${q(TITLES.ca)}, 2015, 45, ['drama'], 8),
  (403, 'arabic', ${q(TITLES.arabic)}, 2019, 30, ['drama'], 5);

INSERT INTO episodes (trakt_id, show_trakt_id, season, number, title, runtime_min) VALUES
  (4011, 401, 1, 1, 'One', NULL), (4012, 401, 1, 2, 'Two', NULL),
  (4013, 401, 1, 3, 'Three', NULL), (4014, 401, 1, 4, 'Four', NULL),
  (4021, 402, 1, 1, 'Un', NULL), (4022, 402, 1, 2, 'Deux', NULL), (4023, 402, 1, 3, 'Trois', NULL),
  (4031, 403, 1, 1, 'واحد', NULL), (4032, 403, 1, 2, 'اثنان', NULL);

INSERT INTO plays (history_id, watched_at, action, media_type, movie_trakt_id, show_trakt_id, episode_trakt_id) VALUES
  (1, '2023-12-31 23:30:00+00', 'watch', 'movie', 301, NULL, NULL),
  (2, '2024-01-15 20:00:00+00', 'watch', 'episode', NULL, 401, 4011),
  (3, '2024-01-15 20:30:00+00', 'watch', 'episode', NULL, 401, 4012),
  (4, '2024-02-10 18:00:00+00', 'watch', 'movie', 302, NULL, NULL),
  (5, '2024-03-01 23:30:00+00', 'watch', 'episode', NULL, 403, 4032),
  (6, '2024-05-10 17:00:00+00', 'watch', 'episode', NULL, 402, 4021),
  (7, '2024-05-11 17:00:00+00', 'watch', 'episode', NULL, 402, 4022),
  (8, '2024-05-12 17:00:00+00', 'watch', 'episode', NULL, 402, 4023),
  (9, '2024-05-13 17:00:00+00', 'watch', 'movie', 303, NULL, NULL),
  (10, '2024-05-13 19:00:00+00', 'watch', 'episode', NULL, 403, 4031),
  (11, '2024-08-20 10:00:00+00', 'watch', 'episode', NULL, 401, 4013),
  (12, '2024-11-05 21:00:00+00', 'watch', 'movie', 301, NULL, NULL),
  (13, '2024-12-31 23:30:00+00', 'watch', 'episode', NULL, 401, 4014);

INSERT INTO ratings (media_type, trakt_id, rating, rated_at) VALUES
  ('movie', 301, 8, '2024-02-01 00:00:00+00'),
  ('movie', 302, 10, '2024-02-01 00:00:00+00'),
  ('show', 402, 8, '2024-02-01 00:00:00+00'),
  ('episode', 4021, 7, '2024-02-01 00:00:00+00');

INSERT INTO stats_snapshots (fetched_at, movies_plays, movies_watched, movies_minutes, episodes_plays,
  episodes_watched, episodes_minutes, ratings_total, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5,
  ratings_6, ratings_7, ratings_8, ratings_9, ratings_10) VALUES
  ('2025-01-02 00:00:00+00', 4, 3, 426, 9, 9, 283, 4, 0, 0, 0, 0, 0, 0, 1, 2, 0, 1);
`;

/** The fixture as a database file with built models, created in `dir`; open it read-only. */
export async function fixtureDatabase(dir: string): Promise<string> {
  const path = join(dir, 'trakt.duckdb');
  const duck = await Duck.open(path);
  try {
    await migrate(duck);
    await duck.run(FIXTURE_SQL);
    await buildModels(duck);
  } finally {
    duck.close();
  }
  return path;
}
