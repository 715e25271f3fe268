import test from 'ava';
import { apiHeaders, call, type Got, manualClock, start } from './helpers.ts';

// Writes fast enough for tests: the budget itself has a test of its own below.
const WRITES = { writeLimit: { limit: 1000, windowMs: 1000 } };

function post(sim: Parameters<typeof call>[0], path: string, body: unknown, token?: string): Promise<Got> {
  return call(sim, path, { method: 'POST', body, ...(token === undefined ? {} : { token }) });
}

test('POST /sync/history: finds items by any id, adds every play it is sent (duplicates too) and echoes not_found', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const [a, b] = truth.movies.filter((m) => m.imdb_id !== null && m.tmdb_id !== null);
  const episode = truth.episodes.find((e) => e.tvdb_id !== null)!;
  const at = '2025-02-03T04:05:06.000Z';
  const before = (await call(sim, '/sync/last_activities')).json;
  const got = await post(sim, '/sync/history', {
    movies: [
      { ids: { trakt: a!.trakt_id }, watched_at: at },
      { ids: { slug: a!.slug }, watched_at: at },
      { ids: { imdb: b!.imdb_id }, watched_at: at },
      { ids: { tmdb: b!.tmdb_id }, watched_at: at },
      { ids: { imdb: 'tt0000111' } },
    ],
    episodes: [{ ids: { tvdb: episode.tvdb_id }, watched_at: at }],
  });
  t.is(got.status, 201);
  t.deepEqual(got.json, {
    added: { movies: 4, episodes: 1 },
    updated: { movies: 0, episodes: 0 },
    not_found: { movies: [{ ids: { imdb: 'tt0000111' } }], shows: [], seasons: [], episodes: [] },
  });
  const after = sim.truth();
  t.is(after.plays.length, truth.plays.length + 5);
  const added = after.plays.filter((p) => p.watched_at === at);
  t.deepEqual(added.map((p) => p.movie_trakt_id ?? p.episode_trakt_id).sort(), [
    ...[a!.trakt_id, a!.trakt_id, b!.trakt_id, b!.trakt_id, episode.trakt_id].sort(),
  ]);
  t.true(added.every((p) => p.action === 'watch'));
  const activities = (await call(sim, '/sync/last_activities')).json;
  t.true(activities.movies.watched_at > before.movies.watched_at);
  t.true(activities.episodes.watched_at > before.episodes.watched_at);
  const stats = (await call(sim, '/users/me/stats')).json;
  t.is(stats.movies.plays + stats.episodes.plays, after.plays.length);
});

test('POST /sync/history: a show adds its aired episodes, a season its own, named seasons and episodes only those', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const show = truth.shows[0]!;
  const before = sim.truth().plays.length;
  const named = await post(sim, '/sync/history', {
    shows: [
      { ids: { trakt: show.trakt_id }, seasons: [{ number: 1, episodes: [{ number: 1 }, { number: 2 }] }] },
    ],
  });
  t.deepEqual(named.json.added, { movies: 0, episodes: 2 });
  const whole = await post(sim, '/sync/history', { shows: [{ ids: { trakt: show.trakt_id } }] });
  t.is(whole.json.added.movies, 0);
  t.is(whole.json.added.episodes, show.aired_episodes);
  t.is(sim.truth().plays.length, before + 2 + show.aired_episodes);
});

test('POST /sync/history/remove: by history ids and by item; unknown ids come back under not_found', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const [first, second] = truth.plays;
  const movie = truth.plays.find((p) => p.media_type === 'movie')!;
  const moviePlays = truth.plays.filter((p) => p.movie_trakt_id === movie.movie_trakt_id).length;
  const byIds = await post(sim, '/sync/history/remove', { ids: [first!.history_id, second!.history_id, 42] });
  t.is(byIds.status, 200);
  t.is(byIds.json.deleted.movies + byIds.json.deleted.episodes, 2);
  t.deepEqual(byIds.json.not_found.ids, [42]);
  const byItem = await post(sim, '/sync/history/remove', {
    movies: [{ ids: { trakt: movie.movie_trakt_id } }],
  });
  const left = sim.truth().plays;
  t.false(left.some((p) => p.movie_trakt_id === movie.movie_trakt_id));
  t.true(byItem.json.deleted.movies >= moviePlays - 2);
  t.is(left.length, truth.plays.length - 2 - byItem.json.deleted.movies);
});

test('POST /sync/ratings: a new and a changed rating are both `added`, rated_at is kept; remove deletes', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const rated = truth.ratings.find((r) => r.media_type === 'movie')!;
  const unrated = truth.movies.find((m) => !truth.ratings.some((r) => r.trakt_id === m.trakt_id))!;
  const got = await post(sim, '/sync/ratings', {
    movies: [
      { ids: { trakt: rated.trakt_id }, rating: rated.rating === 10 ? 1 : rated.rating + 1 },
      { ids: { trakt: unrated.trakt_id }, rating: 9, rated_at: '2020-01-01T00:00:00.000Z' },
    ],
  });
  t.is(got.status, 201);
  t.deepEqual(got.json.added, { movies: 2, shows: 0, seasons: 0, episodes: 0 });
  const after = sim.truth().ratings;
  t.is(after.length, truth.ratings.length + 1);
  t.deepEqual(
    after.find((r) => r.trakt_id === unrated.trakt_id && r.media_type === 'movie'),
    { media_type: 'movie', trakt_id: unrated.trakt_id, rating: 9, rated_at: '2020-01-01T00:00:00.000Z' },
  );
  t.is(
    (await post(sim, '/sync/ratings', { movies: [{ ids: { trakt: unrated.trakt_id }, rating: 11 }] })).status,
    422,
  );
  const removed = await post(sim, '/sync/ratings/remove', { movies: [{ ids: { trakt: unrated.trakt_id } }] });
  t.deepEqual(removed.json.deleted, { movies: 1, shows: 0, seasons: 0, episodes: 0 });
  t.is(sim.truth().ratings.length, truth.ratings.length);
  t.is((await call(sim, '/users/me/stats')).json.ratings.total, truth.ratings.length);
});

test('POST /sync/watchlist: added, existing, not_found and the list summary; over the limit a 420 that changes nothing', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const listed = truth.watchlist[0]!;
  const fresh = truth.movies.filter((m) => !truth.watchlist.some((w) => w.trakt_id === m.trakt_id));
  const got = await post(sim, '/sync/watchlist', {
    movies: [{ ids: { trakt: fresh[0]!.trakt_id } }, { ids: { trakt: 999_999_999 } }],
    [`${listed.media_type}s`]: [{ ids: { trakt: listed.trakt_id } }],
  });
  t.is(got.status, 201);
  t.is(got.json.added.movies, 1);
  t.is(
    Object.values(got.json.existing as Record<string, number>).reduce((n, v) => n + v, 0),
    1,
  );
  t.deepEqual(got.json.not_found.movies, [{ ids: { trakt: 999_999_999 } }]);
  t.is(got.json.list.item_count, truth.watchlist.length + 1);

  sim.setLimits({ watchlist: truth.watchlist.length + 1 });
  const refused = await post(sim, '/sync/watchlist', { movies: [{ ids: { trakt: fresh[1]!.trakt_id } }] });
  t.is(refused.status, 420);
  t.is(refused.headers.get('x-account-limit'), String(truth.watchlist.length + 1));
  t.is(refused.headers.get('x-vip-user'), 'true');
  t.is(refused.headers.get('x-upgrade-url'), 'https://trakt.tv/vip');
  t.is(sim.truth().watchlist.length, truth.watchlist.length + 1);
  t.is((await call(sim, '/users/settings')).json.limits.watchlist.item_count, truth.watchlist.length + 1);
  const removed = await post(sim, '/sync/watchlist/remove', {
    movies: [{ ids: { trakt: fresh[0]!.trakt_id } }],
  });
  t.deepEqual(removed.json.deleted, { movies: 1, shows: 0, seasons: 0, episodes: 0 });
  t.is(removed.json.list.item_count, truth.watchlist.length);
});

test('POST /sync/favorites and /sync/collection answer per type; collection resent with new values is `updated`', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const movie = truth.movies.find((m) => !truth.favorites.some((f) => f.trakt_id === m.trakt_id))!;
  const fav = await post(sim, '/sync/favorites', {
    movies: [{ ids: { trakt: movie.trakt_id }, notes: 'why' }],
  });
  t.deepEqual(fav.json.added, { movies: 1, shows: 0 });
  t.is(sim.truth().favorites.find((f) => f.trakt_id === movie.trakt_id)?.notes, 'why');

  const uncollected = truth.movies.find((m) => !truth.collection.some((c) => c.trakt_id === m.trakt_id))!;
  const body = {
    movies: [
      {
        ids: { trakt: uncollected.trakt_id },
        collected_at: '2019-05-05T05:05:05.000Z',
        media_type: 'bluray',
        '3d': true,
      },
    ],
  };
  const first = await post(sim, '/sync/collection', body);
  t.deepEqual(first.json.added, { movies: 1, episodes: 0 });
  const again = await post(sim, '/sync/collection', body);
  t.deepEqual(again.json.existing, { movies: 1, episodes: 0 });
  const changed = await post(sim, '/sync/collection', {
    movies: [{ ids: { trakt: uncollected.trakt_id }, resolution: 'uhd_4k' }],
  });
  t.deepEqual(changed.json.updated, { movies: 1, episodes: 0 });
  const row = sim
    .truth()
    .collection.find((c) => c.media_type === 'movie' && c.trakt_id === uncollected.trakt_id)!;
  t.like(row, {
    collected_at: '2019-05-05T05:05:05.000Z',
    media_format: 'bluray',
    resolution: 'uhd_4k',
    is_3d: true,
  });
  const removed = await post(sim, '/sync/collection/remove', {
    movies: [{ ids: { trakt: uncollected.trakt_id } }],
  });
  t.deepEqual(removed.json.deleted, { movies: 1, episodes: 0 });
});

test('lists: create (201, the list), add and remove items; the free account is refused a sixth list with 420', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const created = await post(sim, '/users/me/lists', {
    name: 'Restored',
    description: 'back again',
    privacy: 'friends',
    sort_by: 'added',
    sort_how: 'desc',
  });
  t.is(created.status, 201);
  t.like(created.json, { name: 'Restored', description: 'back again', privacy: 'friends', item_count: 0 });
  const id = created.json.ids.trakt as number;
  const movie = truth.movies[0]!;
  const person = truth.people[0]!;
  const items = await post(sim, `/users/${sim.userSlug}/lists/${id}/items`, {
    movies: [{ ids: { trakt: movie.trakt_id } }],
    people: [{ ids: { slug: person.slug } }],
  });
  t.is(items.status, 201);
  t.deepEqual(items.json.added, { movies: 1, shows: 0, seasons: 0, episodes: 0, people: 1 });
  t.is(items.json.list.item_count, 2);
  t.deepEqual(
    sim
      .truth()
      .list_items.filter((i) => i.list_trakt_id === id)
      .map((i) => [i.media_type, i.trakt_id]),
    [
      ['movie', movie.trakt_id],
      ['person', person.trakt_id],
    ],
  );
  const removed = await post(sim, `/users/me/lists/${id}/items/remove`, {
    people: [{ ids: { trakt: person.trakt_id } }],
  });
  t.deepEqual(removed.json.deleted.people, 1);
  t.is((await post(sim, '/users/me/lists/no-such-list/items', { movies: [] })).status, 404);

  // The second account is a new free one: five personal lists at most (docs/trakt-api.md §5).
  for (let i = 1; i <= 5; i += 1) {
    t.is((await post(sim, '/users/me/lists', { name: `L${i}` }, sim.second.accessToken)).status, 201);
  }
  const sixth = await post(sim, '/users/me/lists', { name: 'L6' }, sim.second.accessToken);
  t.is(sixth.status, 420);
  t.is(sixth.headers.get('x-vip-user'), 'false');
  t.is(sixth.headers.get('x-account-limit'), '5');
  t.is(sim.second.truth().lists.length, 5);
  t.is(sim.truth().lists.length, truth.lists.length + 1);
});

test('the second account: empty, signed in with its own token, changed by its own writes only', async (t) => {
  const sim = await start(t, WRITES);
  const before = sim.truth();
  const empty = sim.second.truth();
  t.is(empty.plays.length, 0);
  t.is(empty.ratings.length, 0);
  t.is(empty.profile[0]?.slug, 'traktdb-newcomer');
  t.not(sim.second.userSlug, sim.userSlug);
  const token = sim.second.accessToken;
  const settings = await call(sim, '/users/settings', { token });
  t.is(settings.json.user.ids.slug, 'traktdb-newcomer');
  t.false(settings.json.user.vip);
  t.is(settings.json.limits.watchlist.item_count, 250);
  t.is((await call(sim, `/users/${sim.userSlug}/history`, { token })).status, 404);
  const movie = before.movies[0]!;
  await post(sim, '/sync/history', { movies: [{ ids: { trakt: movie.trakt_id } }] }, token);
  const history = await call(sim, '/sync/history', { token });
  t.is(history.json.length, 1);
  t.is(history.json[0].movie.ids.trakt, movie.trakt_id);
  t.deepEqual(sim.truth().plays, before.plays);
  t.is(sim.second.truth().plays.length, 1);
  // Over the control routes too.
  const truth = (await fetch(`${sim.url}/_sim/truth?account=second`).then((r) => r.json())) as {
    plays: unknown[];
  };
  t.is(truth.plays.length, 1);
  const info = (await fetch(`${sim.url}/_sim/info`).then((r) => r.json())) as {
    second: { accessToken: string };
  };
  t.is(info.second.accessToken, token);
});

test('an item Trakt no longer knows is not_found by every id, in every write', async (t) => {
  const sim = await start(t, WRITES);
  const truth = sim.truth();
  const movie = truth.movies.find((m) => m.imdb_id !== null)!;
  const forgot = await fetch(`${sim.url}/_sim/forget`, {
    method: 'POST',
    body: JSON.stringify({ mediaType: 'movie', traktId: movie.trakt_id }),
  });
  t.is(forgot.status, 204);
  const items = [{ ids: { trakt: movie.trakt_id } }, { ids: { imdb: movie.imdb_id } }];
  for (const path of ['/sync/history', '/sync/watchlist', '/sync/collection']) {
    const got = await post(sim, path, { movies: items });
    t.deepEqual(got.json.not_found.movies, items, path);
  }
  const rated = await post(sim, '/sync/ratings', { movies: [{ ...items[0], rating: 5 }] });
  t.deepEqual(rated.json.not_found.movies, [{ ...items[0], rating: 5 }]);
  t.deepEqual(sim.truth().plays, truth.plays);
});

test('writes have their own budget: a second write within the window is 429 with Retry-After and X-Ratelimit', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { writeLimit: { limit: 1, windowMs: 1000 }, lockoutMs: 0, clock: clock.now });
  const movie = sim.truth().movies[0]!;
  const body = { movies: [{ ids: { trakt: movie.trakt_id } }] };
  const first = await post(sim, '/sync/history', body);
  t.is(first.status, 201);
  t.like(JSON.parse(first.headers.get('x-ratelimit')!), { name: 'AUTHED_API_POST_LIMIT', remaining: 0 });
  const second = await post(sim, '/sync/history', body);
  t.is(second.status, 429);
  t.is(second.headers.get('retry-after'), '1');
  // Reads are not writes: their own bucket is untouched.
  t.is((await call(sim, '/sync/last_activities')).status, 200);
  clock.advance(1000);
  t.is((await post(sim, '/sync/history', body)).status, 201);
  t.is(
    sim.truth().plays.filter((p) => p.movie_trakt_id === movie.trakt_id && p.action === 'watch').length,
    2,
  );
  t.is(apiHeaders(sim)['Content-Type'], 'application/json');
});
