import test from 'ava';
import { TraktdbError } from '../../src/errors.ts';
import { normalizeHistoryItem } from '../../src/normalize/history.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { gameOfThronesFull, historyEpisodes, parksAndRec, tronLegacyFull } from './fixtures.ts';

const ctx = (index = 0) => ({ source: 'GET /sync/history', index });

test('an episode play from the Apiary example gives a play, the episode with its show, and the show', (t) => {
  const batch = normalizeHistoryItem(historyEpisodes[0], ctx());
  t.deepEqual(batch.plays, [
    {
      history_id: 1982346,
      watched_at: '2014-03-31T09:28:53.000Z',
      action: 'scrobble',
      media_type: 'episode',
      movie_trakt_id: null,
      show_trakt_id: 4,
      episode_trakt_id: 251,
    },
  ]);
  t.deepEqual(batch.episodes, [
    {
      trakt_id: 251,
      show_trakt_id: 4,
      season: 2,
      number: 1,
      title: 'Pawnee Zoo',
      runtime_min: null,
      first_aired: null,
      imdb_id: null,
      tmdb_id: 397629,
      tvdb_id: 797571,
    },
  ]);
  t.deepEqual(batch.shows, [
    {
      trakt_id: 4,
      slug: 'parks-and-recreation',
      title: 'Parks and Recreation',
      year: 2009,
      imdb_id: 'tt1266020',
      tmdb_id: 8592,
      tvdb_id: 84912,
      runtime_min: null,
      network: null,
      country: null,
      status: null,
      genres: null,
      aired_episodes: null,
      first_aired: null,
      community_rating: null,
      votes: null,
    },
  ]);
  t.is(batch.movies, undefined);
});

test('a movie play with extended=full fills runtime, genres, certification, released and rating', (t) => {
  const batch = normalizeHistoryItem(
    {
      id: 9007199254740991,
      watched_at: '2024-03-01T20:15:00Z',
      action: 'watch',
      type: 'movie',
      movie: tronLegacyFull,
    },
    ctx(),
  );
  t.deepEqual(batch.plays?.[0], {
    history_id: 9007199254740991,
    watched_at: '2024-03-01T20:15:00.000Z',
    action: 'watch',
    media_type: 'movie',
    movie_trakt_id: 343,
    show_trakt_id: null,
    episode_trakt_id: null,
  });
  t.deepEqual(batch.movies, [
    {
      trakt_id: 343,
      slug: 'tron-legacy-2010',
      title: 'TRON: Legacy',
      year: 2010,
      imdb_id: 'tt1104001',
      tmdb_id: 20526,
      runtime_min: 125,
      released: '2010-12-16',
      genres: ['action'],
      certification: 'PG-13',
      country: 'us',
      language: 'en',
      community_rating: 8,
      votes: 111,
    },
  ]);
});

test('a show with extended=full fills network, status, aired_episodes and first_aired', (t) => {
  const batch = normalizeHistoryItem(
    {
      id: 1,
      watched_at: '2024-03-01T20:15:00.000Z',
      type: 'episode',
      episode: { season: 0, number: 1, title: null, runtime: null, ids: { trakt: 77 } },
      show: gameOfThronesFull,
    },
    ctx(),
  );
  const show = batch.shows?.[0];
  t.is(show?.network, 'HBO');
  t.is(show?.status, 'returning series');
  t.is(show?.aired_episodes, 50);
  t.is(show?.first_aired, '2011-04-18T01:00:00.000Z');
  t.deepEqual(show?.genres, ['drama', 'fantasy']);
  t.is(show?.runtime_min, 60);
  t.is(show?.community_rating, 9);
  // A special (season 0) with a null runtime and no title.
  t.like(batch.episodes?.[0], {
    trakt_id: 77,
    season: 0,
    number: 1,
    runtime_min: null,
    title: null,
    show_trakt_id: 353,
  });
  t.is(batch.plays?.[0]?.action, null);
});

test('timestamps in other spellings become ISO UTC with milliseconds', (t) => {
  const at = (watched_at: string) =>
    normalizeHistoryItem({ ...historyEpisodes[0], watched_at }, ctx()).plays?.[0]?.watched_at;
  t.is(at('2024-03-01T20:15:00Z'), '2024-03-01T20:15:00.000Z');
  t.is(at('2024-03-01T21:15:00.123456+01:00'), '2024-03-01T20:15:00.123Z');
  t.is(at('2024-03-01 20:15:00'), '2024-03-01T20:15:00.000Z');
  t.is(at('2024-03-02T01:45:00.5+0530'), '2024-03-01T20:15:00.500Z');
});

test('unicode and unknown extra fields pass through; lone surrogates are made well-formed', (t) => {
  const batch = normalizeHistoryItem(
    {
      ...historyEpisodes[1],
      brand_new_field: { anything: [1, 2] },
      episode: {
        season: 1,
        number: 1,
        title: 'Ça va 😀 \u0000 \ud800 日本',
        ids: { trakt: 5, plex: { guid: 'x' } },
      },
    },
    ctx(),
  );
  t.is(batch.episodes?.[0]?.title, 'Ça va 😀 \u0000 \ufffd 日本');
});

test('a missing required field is a ShapeError naming the field and the item', (t) => {
  const { watched_at: _, ...noWatchedAt } = historyEpisodes[0] ?? {};
  const error = t.throws(() => normalizeHistoryItem(noWatchedAt, ctx(3)), { instanceOf: ShapeError });
  t.is(error?.message, 'history item 3 of GET /sync/history: missing watched_at');
  t.is(error?.field, 'watched_at');
  t.true(error instanceof TraktdbError);
  t.is(error?.exitCode, 1);

  const { id: __, ...noId } = historyEpisodes[0] ?? {};
  t.throws(() => normalizeHistoryItem(noId, ctx(0)), {
    instanceOf: ShapeError,
    message: 'history item 0 of GET /sync/history: missing id',
  });
  t.throws(() => normalizeHistoryItem({ ...historyEpisodes[0], show: undefined }, ctx(1)), {
    message: 'history item 1 of GET /sync/history: missing show',
  });
  t.throws(
    () =>
      normalizeHistoryItem({ ...historyEpisodes[0], show: { ...parksAndRec, ids: { slug: 'x' } } }, ctx(1)),
    { message: 'history item 1 of GET /sync/history: missing show.ids.trakt' },
  );
});

test('ids must be safe integers', (t) => {
  const error = t.throws(() => normalizeHistoryItem({ ...historyEpisodes[0], id: 2 ** 53 }, ctx(2)), {
    instanceOf: ShapeError,
  });
  t.is(
    error?.message,
    'history item 2 of GET /sync/history: id is not a safe integer id (got 9007199254740992)',
  );
  t.throws(() => normalizeHistoryItem({ ...historyEpisodes[0], id: '1982346' }, ctx()), {
    instanceOf: ShapeError,
  });
  t.throws(() => normalizeHistoryItem({ ...historyEpisodes[0], id: 1.5 }, ctx()), { instanceOf: ShapeError });
});

test('bad values are ShapeErrors: timestamps, types, non-objects', (t) => {
  t.throws(
    () => normalizeHistoryItem({ ...historyEpisodes[0], watched_at: '2024-02-30T00:00:00.000Z' }, ctx()),
    {
      message:
        'history item 0 of GET /sync/history: watched_at is not a timestamp (got "2024-02-30T00:00:00.000Z")',
    },
  );
  t.throws(() => normalizeHistoryItem({ ...historyEpisodes[0], type: 'show' }, ctx()), {
    message: "history item 0 of GET /sync/history: unknown type 'show' (expected movie, episode)",
  });
  t.throws(() => normalizeHistoryItem(null, ctx()), {
    instanceOf: ShapeError,
    message: 'history item 0 of GET /sync/history: expected an object, got null',
  });
  t.throws(() => normalizeHistoryItem([], ctx()), { instanceOf: ShapeError });
  t.throws(() => normalizeHistoryItem({ ...historyEpisodes[0], episode: 'x' }, ctx()), {
    message: 'history item 0 of GET /sync/history: episode is not an object (got "x")',
  });
});
