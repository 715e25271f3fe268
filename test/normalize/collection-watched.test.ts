import test from 'ava';
import {
  normalizeCollectionEpisode,
  normalizeCollectionMovie,
  normalizeCollectionShow,
} from '../../src/normalize/collection.ts';
import { normalizePlaybackItem } from '../../src/normalize/playback.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { normalizeWatchedItem } from '../../src/normalize/watched.ts';
import { batmanBegins, breakingBad, collectionShow, playback, watchedShows } from './fixtures.ts';

const ctx = (source: string, index = 0) => ({ source, index });
const metadata = {
  media_type: 'bluray',
  resolution: 'uhd_4k',
  hdr: 'dolby_vision',
  audio: 'dts_x',
  audio_channels: '7.1.4',
  '3d': true,
};

test('a collected movie with metadata: media_type becomes media_format, 3d becomes is_3d', (t) => {
  const batch = normalizeCollectionMovie(
    {
      collected_at: '2014-09-01T09:10:11.000Z',
      updated_at: '2014-09-02T09:10:11.000Z',
      movie: batmanBegins,
      metadata,
    },
    ctx('GET /sync/collection/movies'),
  );
  t.deepEqual(batch.collection, [
    {
      media_type: 'movie',
      trakt_id: 1,
      collected_at: '2014-09-01T09:10:11.000Z',
      updated_at: '2014-09-02T09:10:11.000Z',
      media_format: 'bluray',
      resolution: 'uhd_4k',
      hdr: 'dolby_vision',
      audio: 'dts_x',
      audio_channels: '7.1.4',
      is_3d: true,
    },
  ]);
  t.like(batch.movies?.[0], { trakt_id: 1, imdb_id: 'tt0372784' });
});

test('a collected movie without metadata has null metadata columns; a numeric audio_channels becomes text', (t) => {
  const plain = normalizeCollectionMovie(
    { collected_at: '2014-09-01T09:10:11.000Z', movie: batmanBegins },
    ctx('x'),
  );
  t.like(plain.collection?.[0], { media_format: null, resolution: null, is_3d: null, updated_at: null });
  const numeric = normalizeCollectionMovie(
    { collected_at: '2014-09-01T09:10:11.000Z', movie: batmanBegins, metadata: { audio_channels: 5.1 } },
    ctx('x'),
  );
  t.is(numeric.collection?.[0]?.audio_channels, '5.1');
});

test('a collected episode (/sync/collection/episodes form)', (t) => {
  const batch = normalizeCollectionEpisode(
    {
      collected_at: '2015-03-21T19:03:58.000Z',
      updated_at: '2015-03-21T19:03:58.000Z',
      episode: { season: 1, number: 1, ids: { trakt: 73482 } },
      show: breakingBad,
      metadata,
    },
    ctx('GET /sync/collection/episodes'),
  );
  t.like(batch.collection?.[0], { media_type: 'episode', trakt_id: 73482, media_format: 'bluray' });
  t.like(batch.episodes?.[0], { trakt_id: 73482, show_trakt_id: 1, season: 1, number: 1 });
});

test('the nested collection form: episodes without ids are skipped and counted, the show still upserted', (t) => {
  const skips: [number, string][] = [];
  const batch = normalizeCollectionShow(collectionShow, {
    ...ctx('GET /sync/collection/shows'),
    onSkip: (count, reason) => skips.push([count, reason]),
  });
  t.is(batch.collection, undefined);
  t.like(batch.shows?.[0], { trakt_id: 1 });
  t.deepEqual(skips, [[4, 'collection episodes without ids']]);
});

test('the nested collection form with episode ids gives rows, season numbers taken from the season', (t) => {
  const item = {
    ...collectionShow,
    seasons: [
      {
        number: 2,
        ids: { trakt: 3951 },
        episodes: [
          { number: 5, ids: { trakt: 62100 }, collected_at: '2014-09-01T09:10:11.000Z', metadata },
          { number: 6, collected_at: '2014-09-01T09:10:11.000Z' },
        ],
      },
    ],
  };
  const skips: number[] = [];
  const batch = normalizeCollectionShow(item, { ...ctx('x'), onSkip: (n) => skips.push(n) });
  t.like(batch.collection?.[0], {
    media_type: 'episode',
    trakt_id: 62100,
    collected_at: '2014-09-01T09:10:11.000Z',
    hdr: 'dolby_vision',
  });
  t.like(batch.episodes?.[0], { trakt_id: 62100, season: 2, number: 5, show_trakt_id: 1 });
  t.deepEqual(batch.seasons, [{ trakt_id: 3951, show_trakt_id: 1, number: 2 }]);
  t.deepEqual(skips, [1]);
});

test('watched shows from the Apiary example, reset_at kept', (t) => {
  const rows = watchedShows.map(
    (item, i) => normalizeWatchedItem(item, ctx('GET /sync/watched/shows', i)).watched?.[0],
  );
  t.deepEqual(rows, [
    {
      media_type: 'show',
      trakt_id: 1,
      plays: 56,
      last_watched_at: '2014-10-11T17:00:54.000Z',
      last_updated_at: '2014-10-11T17:00:54.000Z',
      reset_at: null,
    },
    {
      media_type: 'show',
      trakt_id: 4,
      plays: 23,
      last_watched_at: '2014-10-12T17:00:54.000Z',
      last_updated_at: '2014-10-12T17:00:54.000Z',
      reset_at: '2019-08-12T17:00:54.000Z',
    },
  ]);
});

test('a watched movie; an item with neither movie nor show is a ShapeError', (t) => {
  const batch = normalizeWatchedItem(
    { plays: 2, last_watched_at: '2015-01-01T00:00:00.000Z', last_updated_at: null, movie: batmanBegins },
    ctx('GET /sync/watched/movies'),
  );
  t.deepEqual(batch.watched?.[0], {
    media_type: 'movie',
    trakt_id: 1,
    plays: 2,
    last_watched_at: '2015-01-01T00:00:00.000Z',
    last_updated_at: null,
    reset_at: null,
  });
  t.throws(
    () =>
      normalizeWatchedItem(
        { plays: 1, last_watched_at: '2015-01-01T00:00:00.000Z' },
        ctx('GET /sync/watched/movies', 9),
      ),
    {
      instanceOf: ShapeError,
      message: 'watched item 9 of GET /sync/watched/movies: missing movie or show',
    },
  );
});

test('playback items from the Apiary example; an empty imdb id is null', (t) => {
  const [movie, episode] = playback.map((item, i) =>
    normalizePlaybackItem(item, ctx('GET /sync/playback', i)),
  );
  t.deepEqual(movie?.playback, [
    {
      playback_id: 13,
      media_type: 'movie',
      trakt_id: 1,
      progress: 10,
      paused_at: '2015-01-25T22:01:32.000Z',
    },
  ]);
  t.deepEqual(episode?.playback, [
    {
      playback_id: 37,
      media_type: 'episode',
      trakt_id: 1,
      progress: 65.5,
      paused_at: '2015-01-25T22:01:32.000Z',
    },
  ]);
  t.like(episode?.episodes?.[0], { trakt_id: 1, season: 0, imdb_id: null, show_trakt_id: 1 });
});
