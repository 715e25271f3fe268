import test from 'ava';
import { UsageError } from '../../src/errors.ts';
import { Duck } from '../../src/load/duck.ts';
import { MissingDataError, type RawOptions, REPORTS, runReport } from '../../src/reports/index.ts';
import { createFixtureDatabase, type Fixture } from './fixture.ts';

// Expected answers are worked out by hand from the table in fixture.ts.
// Local time is the account's (America/New_York) unless a test passes --tz.

let fixture: Fixture;
let duck: Duck;

test.before(async () => {
  fixture = await createFixtureDatabase();
  duck = await Duck.open(fixture.path, { readOnly: true });
});

test.after.always(() => {
  duck?.close();
  fixture?.cleanup();
});

const rows = async (name: string, options: RawOptions = {}) => (await runReport(duck, name, options)).rows;

test.serial('fct_plays applies each runtime fallback and flags only 42/90 as estimated', async (t) => {
  const plays = await duck.all(
    'SELECT history_id, minutes, estimated, runtime_source FROM fct_plays WHERE history_id IN (1, 2, 3, 4, 8, 10) ORDER BY history_id',
  );
  t.deepEqual(plays, [
    { history_id: 1n, minutes: 90, estimated: true, runtime_source: 'default' }, // movie runtime 0
    { history_id: 2n, minutes: 25, estimated: false, runtime_source: 'episode' },
    { history_id: 3n, minutes: 30, estimated: false, runtime_source: 'show' }, // episode runtime null
    { history_id: 4n, minutes: 30, estimated: false, runtime_source: 'show' }, // episode runtime 0
    { history_id: 8n, minutes: 90, estimated: true, runtime_source: 'default' }, // movie runtime null
    { history_id: 10n, minutes: 42, estimated: true, runtime_source: 'default' }, // show runtime 0 too
  ]);
});

test.serial(
  'watch-time by month in the account time zone (a 03:00 UTC play belongs to 2023-12)',
  async (t) => {
    t.deepEqual(await rows('watch-time'), [
      {
        period: '2023-12',
        plays: 1,
        movie_plays: 1,
        episode_plays: 0,
        minutes: 90,
        estimated_minutes: 90,
        movie_minutes: 90,
        episode_minutes: 0,
      },
      {
        period: '2024-01',
        plays: 6,
        movie_plays: 2,
        episode_plays: 4,
        minutes: 353,
        estimated_minutes: 0,
        movie_minutes: 240,
        episode_minutes: 113,
      },
      {
        period: '2024-02',
        plays: 2,
        movie_plays: 1,
        episode_plays: 1,
        minutes: 110,
        estimated_minutes: 90,
        movie_minutes: 90,
        episode_minutes: 20,
      },
      {
        period: '2024-03',
        plays: 3,
        movie_plays: 0,
        episode_plays: 3,
        minutes: 129,
        estimated_minutes: 84,
        movie_minutes: 0,
        episode_minutes: 129,
      },
      {
        period: '2024-06',
        plays: 2,
        movie_plays: 1,
        episode_plays: 1,
        minutes: 145,
        estimated_minutes: 0,
        movie_minutes: 120,
        episode_minutes: 25,
      },
    ]);
  },
);

test.serial('watch-time by ISO week, by year, and by day in another zone', async (t) => {
  t.deepEqual(await rows('watch-time', { by: 'week' }), [
    {
      period: '2023-W52',
      plays: 1,
      movie_plays: 1,
      episode_plays: 0,
      minutes: 90,
      estimated_minutes: 90,
      movie_minutes: 90,
      episode_minutes: 0,
    },
    {
      period: '2024-W05',
      plays: 8,
      movie_plays: 3,
      episode_plays: 5,
      minutes: 463,
      estimated_minutes: 90,
      movie_minutes: 330,
      episode_minutes: 133,
    },
    {
      period: '2024-W10',
      plays: 3,
      movie_plays: 0,
      episode_plays: 3,
      minutes: 129,
      estimated_minutes: 84,
      movie_minutes: 0,
      episode_minutes: 129,
    },
    {
      period: '2024-W24',
      plays: 2,
      movie_plays: 1,
      episode_plays: 1,
      minutes: 145,
      estimated_minutes: 0,
      movie_minutes: 120,
      episode_minutes: 25,
    },
  ]);
  t.deepEqual(await rows('watch-time', { by: 'year' }), [
    {
      period: '2023',
      plays: 1,
      movie_plays: 1,
      episode_plays: 0,
      minutes: 90,
      estimated_minutes: 90,
      movie_minutes: 90,
      episode_minutes: 0,
    },
    {
      period: '2024',
      plays: 13,
      movie_plays: 4,
      episode_plays: 9,
      minutes: 737,
      estimated_minutes: 174,
      movie_minutes: 450,
      episode_minutes: 287,
    },
  ]);
  t.deepEqual(
    (await rows('watch-time', { by: 'day', year: '2024' })).map((r) => [
      r['period'],
      r['plays'],
      r['minutes'],
    ]),
    [
      ['2024-01-30', 4, 113],
      ['2024-01-31', 2, 240],
      ['2024-02-01', 1, 90],
      ['2024-02-02', 1, 20],
      ['2024-03-09', 1, 42],
      ['2024-03-10', 2, 87],
      ['2024-06-15', 1, 120],
      ['2024-06-16', 1, 25],
    ],
  );
  // In UTC, play 1 falls on 2024-01-01, play 5 on Jan 31 and play 9 on Feb 3.
  t.deepEqual(
    (await rows('watch-time', { by: 'day', year: '2024', tz: 'UTC' })).map((r) => [r['period'], r['plays']]),
    [
      ['2024-01-01', 1],
      ['2024-01-30', 3],
      ['2024-01-31', 3],
      ['2024-02-01', 1],
      ['2024-02-03', 1],
      ['2024-03-10', 3],
      ['2024-06-15', 1],
      ['2024-06-16', 1],
    ],
  );
});

test.serial('top-shows orders by minutes and honours --limit and --year', async (t) => {
  const showOne = {
    show_trakt_id: 201,
    title: 'Show One',
    episode_plays: 6,
    distinct_episodes: 5, // the special counts here
    minutes: 158,
    first_watched_at: '2024-01-30T20:00:00.000Z',
    last_watched_at: '2024-06-16T16:00:00.000Z',
  };
  const showTwo = {
    show_trakt_id: 202,
    title: 'Show Two',
    episode_plays: 3,
    distinct_episodes: 3,
    minutes: 129,
    first_watched_at: '2024-03-10T04:30:00.000Z',
    last_watched_at: '2024-03-10T08:00:00.000Z',
  };
  t.deepEqual(await rows('top-shows'), [showOne, showTwo]);
  t.deepEqual(await rows('top-shows', { limit: '1' }), [showOne]);
  t.deepEqual(await rows('top-shows', { year: '2023' }), []);
});

test.serial('top-movies: plays, then minutes, then title; --year is the local year', async (t) => {
  const alpha = {
    movie_trakt_id: 101,
    title: 'Alpha',
    year: 2000,
    plays: 3,
    minutes: 360,
    last_watched_at: '2024-06-15T23:00:00.000Z',
  };
  const beta = {
    movie_trakt_id: 102,
    title: 'Beta',
    year: 2010,
    plays: 1,
    minutes: 90,
    last_watched_at: '2024-02-01T12:00:00.000Z',
  };
  const gamma = {
    movie_trakt_id: 103,
    title: 'Gamma',
    year: 2020,
    plays: 1,
    minutes: 90,
    last_watched_at: '2024-01-01T03:00:00.000Z',
  };
  t.deepEqual(await rows('top-movies'), [alpha, beta, gamma]);
  t.deepEqual(await rows('top-movies', { year: '2024' }), [alpha, beta]);
  t.deepEqual(await rows('top-movies', { year: '2024', tz: 'UTC' }), [alpha, beta, gamma]);
  t.deepEqual(await rows('top-movies', { year: '2023' }), [gamma]);
});

test.serial('genres: a play counts once for each genre of its movie or show', async (t) => {
  t.deepEqual(await rows('genres'), [
    { genre: 'drama', plays: 9, minutes: 518 },
    { genre: 'action', plays: 3, minutes: 360 },
    { genre: 'comedy', plays: 7, minutes: 248 },
    { genre: 'sci-fi', plays: 3, minutes: 129 },
  ]);
  t.deepEqual(await rows('genres', { year: '2023' }), []); // Gamma has no genres
});

test.serial('ratings: items per media type and rating', async (t) => {
  t.deepEqual(await rows('ratings'), [
    { media_type: 'episode', rating: 10, items: 1 },
    { media_type: 'episode', rating: 7, items: 1 },
    { media_type: 'movie', rating: 9, items: 2 },
    { media_type: 'movie', rating: 7, items: 1 },
    { media_type: 'season', rating: 8, items: 1 },
    { media_type: 'show', rating: 9, items: 1 },
  ]);
});

test.serial('streaks: local days, a streak across a month end, the current run', async (t) => {
  t.deepEqual(await rows('streaks'), [
    {
      longest_days: 4,
      longest_start: '2024-01-30',
      longest_end: '2024-02-02', // play 9 is Feb 3 in UTC but Feb 2 in New York
      current_days: 2,
      current_start: '2024-06-15',
    },
  ]);
  t.deepEqual(await rows('streaks', { tz: 'UTC' }), [
    {
      longest_days: 3,
      longest_start: '2024-01-30',
      longest_end: '2024-02-01',
      current_days: 2,
      current_start: '2024-06-15',
    },
  ]);
  t.deepEqual(await rows('streaks', { year: '2023' }), [
    {
      longest_days: 1,
      longest_start: '2023-12-31',
      longest_end: '2023-12-31',
      current_days: 1,
      current_start: '2023-12-31',
    },
  ]);
  t.deepEqual(await rows('streaks', { year: '2019' }), [
    { longest_days: 0, longest_start: null, longest_end: null, current_days: 0, current_start: null },
  ]);
});

test.serial('heatmap: local ISO weekday and hour, across the DST change', async (t) => {
  const cells = (await rows('heatmap')).map((r) => [r['weekday'], r['hour'], r['plays'], r['minutes']]);
  t.deepEqual(cells, [
    [2, 15, 2, 55],
    [2, 16, 1, 30],
    [2, 20, 1, 28],
    [3, 13, 2, 240],
    [4, 7, 1, 90],
    [5, 21, 1, 20],
    [6, 19, 1, 120],
    [6, 23, 1, 42], // 04:30 UTC, still EST
    [7, 3, 1, 45], // 07:30 UTC, already EDT
    [7, 4, 1, 42],
    [7, 12, 1, 25],
    [7, 22, 1, 90],
  ]);
});

test.serial('binges: a 4-hour gap breaks one; the gap is real time and inclusive across DST', async (t) => {
  const showOne = {
    show_trakt_id: 201,
    title: 'Show One',
    started_at: '2024-01-30T20:00:00.000Z',
    ended_at: '2024-01-30T21:20:00.000Z',
    episodes: 3,
    minutes: 85,
  };
  const showTwo = {
    show_trakt_id: 202,
    title: 'Show Two',
    started_at: '2024-03-10T04:30:00.000Z',
    ended_at: '2024-03-10T08:00:00.000Z',
    episodes: 3,
    minutes: 129,
  };
  t.deepEqual(await rows('binges'), [showOne, showTwo]);
  t.deepEqual(await rows('binges', { 'gap-hours': '5' }), [
    { ...showOne, ended_at: '2024-01-31T01:20:00.000Z', episodes: 4, minutes: 113 },
    showTwo,
  ]);
  t.deepEqual(await rows('binges', { 'gap-hours': '2.5' }), [showOne]);
  t.deepEqual(await rows('binges', { 'min-episodes': '4' }), []);
});

test.serial('show-progress leaves specials out and rounds percent to one decimal', async (t) => {
  t.deepEqual(await rows('show-progress'), [
    {
      show_trakt_id: 202,
      title: 'Show Two',
      aired_episodes: 4,
      watched_episodes: 3,
      percent: 75,
      last_watched_at: '2024-03-10T08:00:00.000Z',
    },
    {
      show_trakt_id: 201,
      title: 'Show One',
      aired_episodes: 6,
      watched_episodes: 4, // 5 with the special
      percent: 66.7,
      last_watched_at: '2024-06-16T16:00:00.000Z',
    },
  ]);
});

test.serial('rewatches: movies and episodes with more than one play', async (t) => {
  t.deepEqual(await rows('rewatches'), [
    { media_type: 'movie', trakt_id: 101, title: 'Alpha', plays: 3 },
    { media_type: 'episode', trakt_id: 2011, title: 'Show One S01E01', plays: 2 },
  ]);
});

test.serial('duplicates: the later play within the window is flagged; the window is inclusive', async (t) => {
  const flagged = {
    history_id: 7,
    duplicate_of: 6,
    media_type: 'movie',
    trakt_id: 101,
    watched_at: '2024-01-31T18:08:00.000Z',
  };
  t.deepEqual(await rows('duplicates'), [flagged]);
  t.deepEqual(await rows('duplicates', { 'window-minutes': '8' }), [flagged]);
  t.deepEqual(await rows('duplicates', { 'window-minutes': '7' }), []);
});

test.serial('year-in-review: one row built from the other reports for that local year', async (t) => {
  t.deepEqual(await rows('year-in-review', { year: '2024' }), [
    {
      year: 2024,
      plays: 13,
      movie_plays: 4,
      episode_plays: 9,
      minutes: 737,
      distinct_movies: 2,
      distinct_shows: 2,
      top_show: 'Show One',
      top_movie: 'Alpha',
      top_genre: 'drama',
      longest_streak_days: 4,
      busiest_day: '2024-01-30',
      busiest_day_plays: 4,
    },
  ]);
  t.deepEqual(await rows('year-in-review', { year: '2023' }), [
    {
      year: 2023,
      plays: 1,
      movie_plays: 1,
      episode_plays: 0,
      minutes: 90,
      distinct_movies: 1,
      distinct_shows: 0,
      top_show: null,
      top_movie: 'Gamma',
      top_genre: null,
      longest_streak_days: 1,
      busiest_day: '2023-12-31',
      busiest_day_plays: 1,
    },
  ]);
  t.deepEqual(await rows('year-in-review', { year: '2019' }), [
    {
      year: 2019,
      plays: 0,
      movie_plays: 0,
      episode_plays: 0,
      minutes: 0,
      distinct_movies: 0,
      distinct_shows: 0,
      top_show: null,
      top_movie: null,
      top_genre: null,
      longest_streak_days: 0,
      busiest_day: null,
      busiest_day_plays: 0,
    },
  ]);
  await t.throwsAsync(rows('year-in-review'), { instanceOf: UsageError, message: /needs --year/ });
});

test.serial('verify compares with the latest stats snapshot', async (t) => {
  const metric = (name: string, local: number, trakt: number) => ({
    metric: name,
    local,
    trakt,
    difference: local - trakt,
  });
  t.deepEqual(await rows('verify'), [
    metric('movies_plays', 5, 5),
    metric('episodes_plays', 9, 10),
    metric('movies_watched', 3, 3),
    metric('episodes_watched', 8, 8),
    metric('movies_minutes', 540, 540),
    metric('episodes_minutes', 287, 287),
    metric('ratings_1', 0, 0),
    metric('ratings_2', 0, 0),
    metric('ratings_3', 0, 0),
    metric('ratings_4', 0, 0),
    metric('ratings_5', 0, 0),
    metric('ratings_6', 0, 0),
    metric('ratings_7', 2, 2),
    metric('ratings_8', 1, 1),
    metric('ratings_9', 3, 3),
    metric('ratings_10', 1, 1),
    metric('ratings_total', 7, 7),
    // The fixture's snapshot holds no network numbers: nothing to compare, so no difference.
    { metric: 'network_followers', local: 0, trakt: null, difference: null },
    { metric: 'network_following', local: 0, trakt: null, difference: null },
    { metric: 'network_friends', local: 0, trakt: null, difference: null },
  ]);
});

test.serial('top-people counts a play once per person however many characters, by department', async (t) => {
  // Alpha: 3 plays of 120 min; Beta: 1 play, no runtime (90).
  t.deepEqual(await rows('top-people'), [
    { person_trakt_id: 1, name: '(unknown)', plays: 4, minutes: 450, titles: 2 },
    { person_trakt_id: 2, name: '(unknown)', plays: 3, minutes: 360, titles: 1 },
  ]);
  t.deepEqual(await rows('top-people', { department: 'directing', year: '2024', limit: '1' }), [
    { person_trakt_id: 3, name: '(unknown)', plays: 3, minutes: 360, titles: 1 },
  ]);
  t.deepEqual(await rows('top-people', { department: 'writing' }), []);
});

test.serial('every report returns exactly its documented columns, in order', async (t) => {
  for (const report of REPORTS) {
    const options = report.required.includes('year') ? { year: '2024' } : {};
    const result = await runReport(duck, report.name, options);
    t.true(result.rows.length > 0, report.name);
    for (const row of result.rows) t.deepEqual(Object.keys(row), [...report.columns], report.name);
  }
});

test.serial('the time zone comes from --tz, else the profile, else UTC', async (t) => {
  t.is((await runReport(duck, 'streaks')).parameters['tz'], 'America/New_York');
  t.is((await runReport(duck, 'streaks', { tz: 'Asia/Tokyo' })).parameters['tz'], 'Asia/Tokyo');
  const other = await createFixtureDatabase("UPDATE profile SET timezone = 'Not/AZone'");
  const fallback = await Duck.open(other.path, { readOnly: true });
  try {
    const result = await runReport(fallback, 'watch-time', { by: 'year' });
    t.is(result.parameters['tz'], 'UTC');
    // In UTC play 1 (2024-01-01 03:00) is in 2024.
    t.deepEqual(
      result.rows.map((r) => [r['period'], r['plays']]),
      [['2024', 14]],
    );
  } finally {
    fallback.close();
    other.cleanup();
  }
});

test.serial('bad option values are usage errors naming the option', async (t) => {
  const bad: [string, RawOptions, RegExp][] = [
    ['watch-time', { year: '24' }, /--year must be a 4-digit year/],
    ['watch-time', { year: '2024; drop table plays' }, /--year must be a 4-digit year/],
    ['watch-time', { by: 'fortnight' }, /--by must be one of year, month, week, day/],
    ['top-shows', { limit: '0' }, /--limit must be a whole number/],
    ['top-shows', { limit: '5 OR 1=1' }, /--limit must be a whole number/],
    ['binges', { 'gap-hours': '-1' }, /--gap-hours must be a number greater than 0/],
    ['binges', { 'min-episodes': '2.5' }, /--min-episodes must be a whole number/],
    ['duplicates', { 'window-minutes': 'ten' }, /--window-minutes must be a number/],
    ['streaks', { tz: "UTC'; drop table plays; --" }, /is not a known time zone/],
    ['streaks', { tz: 'Mars/Olympus_Mons' }, /is not a known time zone/],
    ['ratings', { year: '2024' }, /ratings has no option --year/],
    ['watch-time', { year: ['2023', '2024'] }, /Give --year once/],
    ['no-such-report', {}, /no report named "no-such-report"/],
  ];
  for (const [name, options, message] of bad) {
    await t.throwsAsync(runReport(duck, name, options), { instanceOf: UsageError, message }, name);
  }
  const count = await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM plays');
  t.is(count?.n, 14n);
});

test.serial('verify without a stats snapshot says to run a backup', async (t) => {
  const empty = await createFixtureDatabase('DELETE FROM stats_snapshots');
  const other = await Duck.open(empty.path, { readOnly: true });
  try {
    await t.throwsAsync(runReport(other, 'verify'), {
      instanceOf: MissingDataError,
      message: /no Trakt stats snapshot yet.*traktdb backup/,
    });
  } finally {
    other.close();
    empty.cleanup();
  }
});
