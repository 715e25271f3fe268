import test from 'ava';
import { all, call, start } from './helpers.ts';

test('history pages: default limit 100, the four headers, and page arithmetic', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const total = sim.truth().plays.length;
  const first = await call(sim, '/sync/history');
  t.is(first.status, 200);
  t.is(first.headers.get('x-pagination-page'), '1');
  t.is(first.headers.get('x-pagination-limit'), '100');
  t.is(first.headers.get('x-pagination-item-count'), String(total));
  t.is(first.headers.get('x-pagination-page-count'), String(Math.ceil(total / 100)));
  t.is(first.json.length, 100);
  const last = Math.ceil(total / 7);
  const tail = await call(sim, `/sync/history?limit=7&page=${last}`);
  t.is(tail.json.length, total - (last - 1) * 7);
  t.is(tail.headers.get('x-pagination-page'), String(last));
});

test('limit above 250 is clamped to 250, silently (docs/trakt-api.md §2, #925)', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const r = await call(sim, '/sync/history?limit=1000');
  t.is(r.status, 200);
  t.is(r.headers.get('x-pagination-limit'), '250');
  t.is(r.json.length, 250);
  const total = Number(r.headers.get('x-pagination-item-count'));
  t.is(r.headers.get('x-pagination-page-count'), String(Math.ceil(total / 250)));
});

test('a page past the end is an empty array with the same headers', async (t) => {
  const sim = await start(t);
  const r = await call(sim, '/sync/history?limit=50&page=99');
  t.is(r.status, 200);
  t.deepEqual(r.json, []);
  t.is(r.headers.get('x-pagination-page'), '99');
  t.is(r.headers.get('x-pagination-item-count'), String(sim.truth().plays.length));
});

test('invalid page and limit fall back to page 1 and the default limit', async (t) => {
  const sim = await start(t);
  const r = await call(sim, '/sync/history?limit=abc&page=0');
  t.is(r.headers.get('x-pagination-page'), '1');
  t.is(r.headers.get('x-pagination-limit'), '100');
});

test('every list endpoint is paged with a default of 100, comments with 10', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const paths = [
    '/sync/ratings',
    '/sync/watchlist',
    '/sync/favorites',
    '/sync/collection/movies',
    '/sync/collection/shows',
    '/sync/collection/episodes',
    '/sync/watched/movies',
    '/sync/watched/shows',
    '/sync/playback',
    '/users/me/lists',
    '/users/me/lists/20/items',
    '/users/hidden/calendar',
    '/users/likes',
    '/users/me/notes/all',
    '/users/me/history',
  ];
  const lists = sim.truth().lists.filter((l) => !l.collaboration);
  for (const path of paths) {
    const real = path.replace('/lists/20/', `/lists/${lists[0]!.list_trakt_id}/`);
    const r = await call(sim, real);
    t.is(r.status, 200, real);
    t.is(r.headers.get('x-pagination-limit'), '100', real);
    t.truthy(r.headers.get('x-pagination-item-count'), real);
    t.truthy(r.headers.get('x-pagination-page-count'), real);
  }
  const comments = await call(sim, '/users/me/comments');
  t.is(comments.headers.get('x-pagination-limit'), '10');
  t.is(comments.json.length, 10);
});

test('big resources span more than one 250-item page in the typical profile', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const counts = {
    plays: truth.plays.length,
    ratings: truth.ratings.length,
    collection: truth.collection.length,
    biggestList: Math.max(...truth.lists.filter((l) => !l.collaboration).map((l) => l.item_count)),
  };
  for (const [name, n] of Object.entries(counts)) t.true(n > 250, `${name}: ${n}`);
  const big = truth.lists.find((l) => !l.collaboration && l.item_count > 250)!;
  const items = await all(sim, `/users/me/lists/${big.list_trakt_id}/items`);
  t.is(items.length, big.item_count);
  t.is(new Set(items.map((i) => i.id)).size, big.item_count);
});

test('watchlist, favorites and list items carry the four sort headers', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const w = await call(sim, '/sync/watchlist');
  t.is(w.headers.get('x-sort-by'), 'rank');
  t.is(w.headers.get('x-sort-how'), 'asc');
  t.is(w.headers.get('x-applied-sort-by'), 'rank');
  t.is(w.headers.get('x-applied-sort-how'), 'asc');
  const ranks = w.json.map((i: { rank: number }) => i.rank);
  t.deepEqual(
    ranks,
    [...ranks].sort((a: number, b: number) => a - b),
  );
  const added = await call(sim, '/sync/watchlist/movies/added/desc');
  t.is(added.headers.get('x-applied-sort-by'), 'added');
  t.is(added.headers.get('x-applied-sort-how'), 'desc');
  const times = added.json.map((i: { listed_at: string }) => i.listed_at);
  t.deepEqual(times, [...times].sort().reverse());
  t.true(added.json.every((i: { type: string }) => i.type === 'movie'));
  const f = await call(sim, '/sync/favorites/shows');
  t.is(f.headers.get('x-sort-by'), 'rank');
  t.true(f.json.every((i: { type: string }) => i.type === 'show'));
  const own = sim.truth().lists.filter((l) => !l.collaboration);
  const list = own.find((l) => l.sort_by !== 'rank') ?? own[0]!;
  const items = await call(sim, `/users/me/lists/${list.slug}/items/movie,person`);
  t.is(items.status, 200);
  t.is(items.headers.get('x-sort-by'), list.sort_by);
  t.is(items.headers.get('x-sort-how'), list.sort_how);
  t.is(items.headers.get('x-applied-sort-by'), 'rank');
  t.true(items.json.every((i: { type: string }) => i.type === 'movie' || i.type === 'person'));
});

test('watched shows with extended=progress are capped at 100 per page', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const r = await call(sim, '/sync/watched/shows?extended=progress&limit=250');
  t.is(r.headers.get('x-pagination-limit'), '100');
});
