import test from 'ava';
import { normalizeListedItem, normalizeListItem } from '../../src/normalize/listed.ts';
import { normalizeRatingItem } from '../../src/normalize/ratings.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { breakingBad, listItems, ratingEpisode, watchlistEpisode } from './fixtures.ts';

const ctx = (source: string, index = 0) => ({ source, index });

test('an episode rating from the Apiary example', (t) => {
  const batch = normalizeRatingItem(ratingEpisode, ctx('GET /sync/ratings/episodes'));
  t.deepEqual(batch.ratings, [
    { media_type: 'episode', trakt_id: 49, rating: 10, rated_at: '2014-09-01T09:10:11.000Z' },
  ]);
  t.like(batch.episodes?.[0], { trakt_id: 49, show_trakt_id: 1, season: 4, number: 1, imdb_id: 'tt1683084' });
  t.like(batch.shows?.[0], { trakt_id: 1, slug: 'breaking-bad', tvdb_id: 81189 });
});

test('a season rating carries its show: the season row gets the show id', (t) => {
  const batch = normalizeRatingItem(
    {
      rated_at: '2014-09-01T09:10:11.000Z',
      rating: 8,
      type: 'season',
      season: { number: 0, ids: { trakt: 3950, tvdb: 1, tmdb: 2 } },
      show: breakingBad,
    },
    ctx('GET /sync/ratings/seasons'),
  );
  t.deepEqual(batch.ratings, [
    { media_type: 'season', trakt_id: 3950, rating: 8, rated_at: '2014-09-01T09:10:11.000Z' },
  ]);
  t.deepEqual(batch.seasons, [{ trakt_id: 3950, show_trakt_id: 1, number: 0 }]);
});

test('a movie whose ids lack imdb and tmdb gets nulls for them', (t) => {
  const batch = normalizeRatingItem(
    {
      rating: 6,
      rated_at: '2014-09-01T09:10:11.000Z',
      type: 'movie',
      movie: { title: 'Obscure', year: null, ids: { trakt: 99, slug: 'obscure' } },
    },
    ctx('GET /sync/ratings/movies'),
  );
  t.like(batch.movies?.[0], {
    trakt_id: 99,
    imdb_id: null,
    tmdb_id: null,
    year: null,
    runtime_min: null,
    genres: null,
  });
});

test('movie and show ratings; rating is required and must be an integer', (t) => {
  const show = normalizeRatingItem(
    { rating: 7, rated_at: '2014-09-01T09:10:11.000Z', type: 'show', show: breakingBad },
    ctx('GET /sync/ratings/all'),
  );
  t.deepEqual(show.ratings, [
    { media_type: 'show', trakt_id: 1, rating: 7, rated_at: '2014-09-01T09:10:11.000Z' },
  ]);
  t.throws(() => normalizeRatingItem({ type: 'show', show: breakingBad }, ctx('GET /sync/ratings/all', 4)), {
    instanceOf: ShapeError,
    message: 'rating 4 of GET /sync/ratings/all: missing rating',
  });
  t.throws(
    () => normalizeRatingItem({ rating: 7.5, type: 'show', show: breakingBad }, ctx('GET /sync/ratings')),
    {
      instanceOf: ShapeError,
    },
  );
  t.throws(
    () =>
      normalizeRatingItem(
        { rating: 7, rated_at: '2014-09-01T09:10:11.000Z', type: 'list', list: {} },
        ctx('GET /sync/ratings', 2),
      ),
    {
      message: "rating 2 of GET /sync/ratings: unknown type 'list' (expected movie, show, season, episode)",
    },
  );
});

test('a watchlist episode from the Apiary example', (t) => {
  const batch = normalizeListedItem('watchlist')(watchlistEpisode, ctx('GET /sync/watchlist'));
  t.deepEqual(batch.watchlist, [
    {
      list_item_id: 101,
      rank: 1,
      listed_at: '2014-09-01T09:10:11.000Z',
      notes: null,
      media_type: 'episode',
      trakt_id: 49,
    },
  ]);
  t.is(batch.favorites, undefined);
});

test('favorites use the same shape', (t) => {
  const batch = normalizeListedItem('favorites')(
    {
      id: 7,
      rank: 3,
      listed_at: '2024-01-02T03:04:05.000Z',
      notes: 'Best show 🎬',
      type: 'show',
      show: breakingBad,
    },
    ctx('GET /sync/favorites'),
  );
  t.deepEqual(batch.favorites, [
    {
      list_item_id: 7,
      rank: 3,
      listed_at: '2024-01-02T03:04:05.000Z',
      notes: 'Best show 🎬',
      media_type: 'show',
      trakt_id: 1,
    },
  ]);
});

test('list items: movie, show, special episode and person from the Apiary example', (t) => {
  const normalize = normalizeListItem(55);
  const rows = [0, 1, 3, 4].map((i) => normalize(listItems[i], ctx('GET /users/sean/lists/55/items', i)));
  t.deepEqual(
    rows.map((b) => b.list_items?.[0]),
    [
      {
        list_trakt_id: 55,
        list_item_id: 101,
        rank: 1,
        listed_at: '2014-06-16T06:07:12.000Z',
        notes: 'You are part of the rebel alliance and a spy!',
        media_type: 'movie',
        trakt_id: 12,
      },
      {
        list_trakt_id: 55,
        list_item_id: 102,
        rank: 2,
        listed_at: '2014-06-16T06:07:12.000Z',
        notes: null,
        media_type: 'show',
        trakt_id: 2,
      },
      {
        list_trakt_id: 55,
        list_item_id: 104,
        rank: 4,
        listed_at: '2014-06-17T06:52:03.000Z',
        notes: null,
        media_type: 'episode',
        trakt_id: 2,
      },
      {
        list_trakt_id: 55,
        list_item_id: 105,
        rank: 5,
        listed_at: '2014-06-17T06:52:03.000Z',
        notes: null,
        media_type: 'person',
        trakt_id: 1,
      },
    ],
  );
  t.like(rows[2]?.episodes?.[0], { trakt_id: 2, season: 0, number: 2, show_trakt_id: 1, imdb_id: null });
  t.deepEqual(rows[3]?.people, [
    { trakt_id: 1, slug: 'garrett-hedlund', name: 'Garrett Hedlund', imdb_id: 'nm1330560', tmdb_id: 9828 },
  ]);
});

test('the Apiary season list item has no ids.trakt: learned from its show and number, else a ShapeError naming it', (t) => {
  const lookups = {
    season: (show: number, n: number) => (show === 1 && n === 1 ? 3950 : undefined),
    user: () => undefined,
  };
  const batch = normalizeListItem(55)(listItems[2], { ...ctx('GET /users/sean/lists/55/items', 2), lookups });
  t.like(batch.list_items?.[0], {
    list_trakt_id: 55,
    list_item_id: 103,
    media_type: 'season',
    trakt_id: 3950,
  });
  t.deepEqual(batch.seasons, [{ trakt_id: 3950, show_trakt_id: 1, number: 1 }]);
  const error = t.throws(
    () => normalizeListItem(55)(listItems[2], ctx('GET /users/sean/lists/55/items', 2)),
    {
      instanceOf: ShapeError,
    },
  );
  t.is(
    error?.message,
    "list item 2 of GET /users/sean/lists/55/items: season.ids.trakt is missing and could not be learned from its show's seasons (season.number 1, show 1)",
  );
  t.is(error?.field, 'season.ids.trakt');
});
