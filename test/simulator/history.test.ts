import test from 'ava';
import { all, call, start } from './helpers.ts';

test('history is newest first, ties broken by the larger id', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const items = await all(sim, '/sync/history');
  t.is(items.length, sim.truth().plays.length);
  let ties = 0;
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1];
    const b = items[i];
    t.true(a.watched_at > b.watched_at || (a.watched_at === b.watched_at && a.id > b.id));
    if (a.watched_at === b.watched_at) ties++;
  }
  t.true(ties > 0, 'the typical history has plays sharing a second');
});

test('start_at and end_at accept dates and datetimes, both bounds inclusive', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const plays = sim.truth().plays;
  const pivot = plays[Math.floor(plays.length / 2)]!.watched_at;
  const day = pivot.slice(0, 10);
  const inDay = plays.filter((p) => p.watched_at.startsWith(day)).length;
  const byDate = await all(sim, `/sync/history?start_at=${day}&end_at=${day}`);
  t.is(byDate.length, inDay);
  t.true(inDay > 0);
  const exact = await all(sim, `/sync/history?start_at=${pivot}&end_at=${pivot}`);
  t.is(exact.length, plays.filter((p) => p.watched_at === pivot).length);
  t.true(exact.length >= 1);
  const after = await call(sim, `/sync/history?start_at=${pivot}&limit=1`);
  t.is(
    Number(after.headers.get('x-pagination-item-count')),
    plays.filter((p) => p.watched_at >= pivot).length,
  );
  const before = await call(sim, `/sync/history?end_at=${encodeURIComponent(pivot)}&limit=1`);
  t.is(
    Number(before.headers.get('x-pagination-item-count')),
    plays.filter((p) => p.watched_at <= pivot).length,
  );
  const bad = await call(sim, '/sync/history?start_at=yesterday');
  t.is(bad.status, 400);
});

test('history filters by type and by item: movies, shows, seasons, episodes', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const movies = await call(sim, '/sync/history/movies?limit=1');
  t.is(
    Number(movies.headers.get('x-pagination-item-count')),
    truth.plays.filter((p) => p.media_type === 'movie').length,
  );
  const episodes = await call(sim, '/sync/history/episodes?limit=1');
  t.is(
    Number(episodes.headers.get('x-pagination-item-count')),
    truth.plays.filter((p) => p.media_type === 'episode').length,
  );
  const show = truth.plays.find((p) => p.media_type === 'episode')!;
  const ofShow = await all(sim, `/sync/history/shows/${show.show_trakt_id}`);
  t.is(ofShow.length, truth.plays.filter((p) => p.show_trakt_id === show.show_trakt_id).length);
  t.true(ofShow.every((i) => i.show.ids.trakt === show.show_trakt_id));
  const ofEpisode = await all(sim, `/sync/history/episodes/${show.episode_trakt_id}`);
  t.is(ofEpisode.length, truth.plays.filter((p) => p.episode_trakt_id === show.episode_trakt_id).length);
  const movie = truth.plays.find((p) => p.media_type === 'movie')!;
  const ofMovie = await all(sim, `/users/me/history/movies/${movie.movie_trakt_id}`);
  t.is(ofMovie.length, truth.plays.filter((p) => p.movie_trakt_id === movie.movie_trakt_id).length);
  const season = ofShow[0].episode.season;
  const seasonRow = truth.seasons.find((s) => s.show_trakt_id === show.show_trakt_id && s.number === season);
  if (seasonRow) {
    const ofSeason = await all(sim, `/sync/history/seasons/${seasonRow.trakt_id}`);
    t.true(ofSeason.every((i) => i.episode.season === season && i.show.ids.trakt === show.show_trakt_id));
  }
  const none = await call(sim, '/sync/history/movies/999999999');
  t.is(none.status, 200);
  t.deepEqual(none.json, []);
  t.is((await call(sim, '/sync/history/cartoons')).status, 404);
});

test('/users/{slug}/history equals /sync/history; another user is 404', async (t) => {
  const sim = await start(t);
  const a = await all(sim, '/sync/history');
  const b = await all(sim, `/users/${sim.userSlug}/history`);
  t.deepEqual(a, b);
  const other = await call(sim, '/users/someone-else/history');
  t.is(other.status, 404);
  t.is(other.json.error, 'not_found');
});

test('history items have the documented shape, minimal and full', async (t) => {
  const sim = await start(t);
  const items = await all(sim, '/sync/history');
  const movie = items.find((i) => i.type === 'movie');
  const episode = items.find((i) => i.type === 'episode');
  t.deepEqual(Object.keys(movie), ['id', 'watched_at', 'action', 'type', 'movie']);
  t.deepEqual(Object.keys(movie.movie), ['title', 'year', 'ids']);
  t.deepEqual(Object.keys(movie.movie.ids), ['trakt', 'slug', 'imdb', 'tmdb']);
  t.deepEqual(Object.keys(episode), ['id', 'watched_at', 'action', 'type', 'episode', 'show']);
  t.deepEqual(Object.keys(episode.episode.ids), ['trakt', 'tvdb', 'imdb', 'tmdb']);
  t.deepEqual(Object.keys(episode.show.ids), ['trakt', 'slug', 'tvdb', 'imdb', 'tmdb']);
  t.true(['scrobble', 'checkin', 'watch'].includes(movie.action));
  t.regex(movie.watched_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  const full = await call(sim, '/sync/history?extended=full&limit=250');
  const fm = full.json.find((i: { type: string }) => i.type === 'movie').movie;
  for (const key of [
    'runtime',
    'genres',
    'overview',
    'rating',
    'votes',
    'certification',
    'released',
    'updated_at',
  ]) {
    t.true(key in fm, key);
  }
  const fe = full.json.find((i: { type: string }) => i.type === 'episode');
  for (const key of ['runtime', 'first_aired', 'overview', 'rating']) t.true(key in fe.episode, key);
  for (const key of ['aired_episodes', 'network', 'status', 'first_aired', 'genres'])
    t.true(key in fe.show, key);
});
