import test from 'ava';
import { all, call, start } from './helpers.ts';

test('/sync/last_activities has every group and field of the 2026 schema (docs/trakt-api.md §3)', async (t) => {
  const sim = await start(t);
  const r = await call(sim, '/sync/last_activities');
  t.regex(r.json.all, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  t.deepEqual(Object.keys(r.json.movies), [
    'watched_at',
    'collected_at',
    'rated_at',
    'watchlisted_at',
    'favorited_at',
    'commented_at',
    'paused_at',
    'hidden_at',
  ]);
  t.deepEqual(Object.keys(r.json.shows), [
    'rated_at',
    'watchlisted_at',
    'favorited_at',
    'commented_at',
    'hidden_at',
    'dropped_at',
  ]);
  for (const group of [
    'episodes',
    'seasons',
    'comments',
    'lists',
    'watchlist',
    'favorites',
    'collaborations',
    'saved_filters',
    'notes',
    'account',
  ]) {
    t.truthy(r.json[group], group);
  }
});

test('settings and profile: minimal, full and vip forms', async (t) => {
  const sim = await start(t);
  const settings = (await call(sim, '/users/settings')).json;
  t.is(settings.user.ids.slug, sim.userSlug);
  t.is(typeof settings.user.ids.trakt, 'number');
  t.truthy(settings.user.ids.uuid);
  t.is(settings.account.timezone, 'America/New_York');
  t.deepEqual(settings.limits.list, { count: 100, item_count: 5000 });
  const minimal = (await call(sim, '/users/me')).json;
  t.false('joined_at' in minimal);
  t.is(minimal.ids.slug, sim.userSlug);
  const full = (await call(sim, `/users/${sim.userSlug}?extended=full`)).json;
  for (const key of ['joined_at', 'location', 'about', 'vip_years']) t.true(key in full, key);
  const vip = (await call(sim, '/users/me?extended=vip')).json;
  t.true('vip_og' in vip && 'vip_years' in vip);
  t.is((await call(sim, '/users/nobody')).status, 404);
});

test('stats and year in review', async (t) => {
  const sim = await start(t);
  const stats = (await call(sim, '/users/me/stats')).json;
  t.deepEqual(Object.keys(stats), ['movies', 'shows', 'seasons', 'episodes', 'network', 'ratings']);
  t.deepEqual(Object.keys(stats.ratings.distribution), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  const yir = await call(sim, '/users/me/yir/2025');
  t.is(yir.status, 200);
  t.is(yir.json.year, 2025);
  t.is(yir.json.plays.total, yir.json.plays.movies + yir.json.plays.episodes);
  t.true(yir.json.plays.total > 0);
  t.is((await call(sim, '/users/me/yir/nineteen')).status, 404);
});

test('collection: metadata only with extended=metadata; movies, episodes and the nested shows form', async (t) => {
  const sim = await start(t);
  const plain = (await call(sim, '/sync/collection/movies')).json;
  t.false('metadata' in plain[0]);
  // Trakt's contract sends `type` on collection items (sync/schema/response/collectionResponseSchema.ts).
  t.deepEqual(Object.keys(plain[0]), ['collected_at', 'updated_at', 'type', 'movie']);
  t.is(plain[0].type, 'movie');
  const meta = (await call(sim, '/sync/collection/movies?extended=full,metadata')).json;
  t.deepEqual(Object.keys(meta[0].metadata), [
    'media_type',
    'resolution',
    'hdr',
    'audio',
    'audio_channels',
    '3d',
  ]);
  t.true('runtime' in meta[0].movie);
  const episodes = (await call(sim, '/sync/collection/episodes')).json;
  t.deepEqual(Object.keys(episodes[0]), ['collected_at', 'updated_at', 'type', 'episode', 'show']);
  const shows = await all(sim, '/sync/collection/shows?extended=metadata');
  const count = shows.reduce(
    (n, s) => n + s.seasons.reduce((m: number, se: { episodes: unknown[] }) => m + se.episodes.length, 0),
    0,
  );
  t.is(count, sim.truth().collection.filter((c) => c.media_type === 'episode').length);
  t.true('metadata' in shows[0].seasons[0].episodes[0]);
  t.true('last_collected_at' in shows[0] && 'last_updated_at' in shows[0]);
  t.is(shows[0].type, 'show');
  t.is((await call(sim, '/sync/collection/people')).status, 404);
});

test('watched: seasons only with extended=progress, season 0 only with specials=true', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const plain = await all(sim, '/sync/watched/shows');
  t.false(plain.some((s) => 'seasons' in s));
  t.true(plain.every((s) => 'reset_at' in s));
  const progress = await all(sim, '/sync/watched/shows?extended=progress');
  t.true(progress.every((s) => Array.isArray(s.seasons)));
  t.false(progress.some((s) => s.seasons.some((se: { number: number }) => se.number === 0)));
  const specials = await all(sim, '/sync/watched/shows?extended=progress&specials=true');
  t.true(specials.some((s) => s.seasons.some((se: { number: number }) => se.number === 0)));
  for (const s of specials) {
    const sum = s.seasons.reduce(
      (n: number, se: { episodes: { plays: number }[] }) => n + se.episodes.reduce((m, e) => m + e.plays, 0),
      0,
    );
    t.is(sum, s.plays);
  }
  const movies = await all(sim, '/sync/watched/movies');
  for (let i = 1; i < movies.length; i++) t.true(movies[i - 1].plays >= movies[i].plays);
});

test('ratings filter by type and a comma list of values', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth().ratings;
  const high = await all(sim, '/sync/ratings/movies/9,10');
  t.is(high.length, truth.filter((r) => r.media_type === 'movie' && r.rating >= 9).length);
  t.true(high.every((r) => r.type === 'movie' && r.rating >= 9));
  const everything = await all(sim, '/sync/ratings/all');
  t.is(everything.length, truth.length);
  const seasons = await all(sim, '/sync/ratings/seasons');
  t.true(seasons.every((r) => 'season' in r && 'show' in r));
  t.is((await call(sim, '/sync/ratings/movies/11')).status, 404);
  t.is((await call(sim, '/sync/ratings/people')).status, 404);
});

test('hidden items by section and type; unknown sections are 404', async (t) => {
  const sim = await start(t);
  const truth = sim.truth().hidden_items;
  const calendarShows = await all(sim, '/users/hidden/calendar?type=show');
  t.is(calendarShows.length, truth.filter((h) => h.section === 'calendar' && h.media_type === 'show').length);
  const users = await all(sim, '/users/hidden/comments');
  t.true(users.length > 0 && users.every((h) => h.type === 'user' && typeof h.user.ids.trakt === 'number'));
  t.is((await call(sim, '/users/hidden/everything')).status, 404);
});

test('likes by type, with media objects under extended=comments', async (t) => {
  const sim = await start(t);
  const comments = await all(sim, '/users/likes/comments');
  const lists = await all(sim, '/users/likes/lists');
  t.is(comments.length + lists.length, sim.truth().likes.length);
  t.true(comments.every((l) => l.type === 'comment' && typeof l.comment.id === 'number'));
  t.true(lists.every((l) => l.type === 'list' && typeof l.list.ids.trakt === 'number'));
  const withMedia = await all(sim, '/users/likes/comments?extended=comments');
  t.true(withMedia.every((l) => ['movie', 'show', 'season', 'episode', 'list'].some((k) => k in l)));
  t.true(withMedia.every((l) => l.type === 'comment'));
});

test('comments: replies are left out unless include_replies, reviews and shouts split', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth().comments;
  const top = await all(sim, '/users/me/comments');
  t.is(top.length, truth.filter((c) => c.parent_id === 0).length);
  const withReplies = await all(sim, '/users/me/comments/all/all?include_replies=true');
  t.is(withReplies.length, truth.length);
  const only = await all(sim, '/users/me/comments/all/all?include_replies=only');
  t.is(only.length, truth.filter((c) => c.parent_id !== 0).length);
  t.true(only.length > 0);
  const reviews = await all(sim, '/users/me/comments/reviews?include_replies=true');
  t.true(reviews.length > 0 && reviews.every((c) => c.comment.review));
  const onMovies = await all(sim, '/users/me/comments/all/movies?include_replies=true');
  t.true(onMovies.every((c) => c.type === 'movie' && 'movie' in c));
  const onLists = await all(sim, '/users/me/comments/all/lists?include_replies=true');
  t.true(onLists.every((c) => c.type === 'list' && 'list' in c));
  t.is((await call(sim, '/users/me/comments/rants')).status, 404);
});

test('notes by type; lists by id and by slug; playback by type', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const movieNotes = await all(sim, '/users/me/notes/movies');
  t.is(movieNotes.length, truth.notes.filter((n) => n.media_type === 'movie').length);
  t.true(movieNotes.every((n) => n.item.type === 'movie' && 'movie' in n.item));
  t.is((await call(sim, '/users/me/notes/movie')).status, 404);
  // Only the typed path is documented (contract users/index.ts /users/:id/notes/:type).
  t.is((await all(sim, '/users/me/notes/all')).length, truth.notes.length);
  t.is((await call(sim, '/users/me/notes')).status, 404);
  const list = truth.lists.find((l) => !l.collaboration)!;
  const byId = await call(sim, `/users/me/lists/${list.list_trakt_id}`);
  const bySlug = await call(sim, `/users/me/lists/${list.slug}`);
  t.deepEqual(byId.json, bySlug.json);
  t.is(byId.json.item_count, list.item_count);
  t.is((await call(sim, '/users/me/lists/no-such-list/items')).status, 404);
  const movies = await all(sim, '/sync/playback/movies');
  t.is(movies.length, truth.playback.filter((p) => p.media_type === 'movie').length);
  t.true(movies.every((p) => p.type === 'movie' && p.progress >= 0 && p.progress <= 100));
});
