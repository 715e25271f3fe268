/**
 * The rest of the account (issue 22): followers, following, friends, follow
 * requests, collaboration lists, saved filters, the older recommendations
 * paths, their last_activities stamps, the official export's files, and a
 * published exporter's order of calls.
 */
import test from 'ava';
import { fromBufferPromise } from 'yauzl';
import type { GroundTruth } from '../../src/simulator/index.ts';
import { all, call, manualClock, start } from './helpers.ts';

type Social = GroundTruth['social'][number];

function activity(truth: GroundTruth, field: string): string {
  const [group, name] = field.split('.') as [string, string];
  return (truth.last_activities[group] as Record<string, string>)[name]!;
}

const slugs = (truth: GroundTruth, relation: Social['relation']) =>
  truth.social
    .filter((r) => r.relation === relation)
    .map((r) => r.user_slug)
    .sort();

test('the graph agrees with /users/{id}/stats in every profile: friends are exactly the mutual follows', async (t) => {
  // heavy and stress: network-heavy.test.ts (generating them here would stall this file's other servers).
  for (const profile of ['tiny', 'typical'] as const) {
    const sim = await start(t, { profile });
    const truth = sim.truth();
    const followers = new Set(slugs(truth, 'follower'));
    const following = new Set(slugs(truth, 'following'));
    const mutual = [...followers].filter((s) => following.has(s)).sort();
    t.deepEqual(slugs(truth, 'friend'), mutual, profile);
    const stats = (await call(sim, '/users/me/stats')).json;
    t.deepEqual(
      stats.network,
      { friends: mutual.length, followers: followers.size, following: following.size },
      profile,
    );
    t.true(mutual.length > 0 && truth.social.some((r) => r.relation === 'request_in'), profile);
    // Pending requests never overlap what they wait for.
    for (const r of truth.social.filter((x) => x.relation === 'request_in'))
      t.false(followers.has(r.user_slug));
    for (const r of truth.social.filter((x) => x.relation === 'request_out')) {
      t.false(following.has(r.user_slug));
      t.true(r.private, 'only a private profile makes a follow wait');
    }
    t.true(truth.saved_filters.length > 0 && truth.lists.some((l) => l.collaboration), profile);
    // A blocked user (hidden from comments) is in nobody's graph.
    const blocked = new Set(truth.hidden_items.filter((h) => h.media_type === 'user').map((h) => h.trakt_id));
    t.true(blocked.size > 0);
    t.false(
      truth.social.some((r) => blocked.has(r.user_trakt_id!)),
      profile,
    );
  }
  const typical = (await start(t, { profile: 'typical' })).truth();
  // The numbers a published exporter met on this profile (issue 22).
  t.is(typical.stats.network.followers, 26);
  t.is(typical.stats.network.following, 9);
});

test('users in the graph have unicode names, some none, some private, some VIP; friends_at is the later follow', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const users = new Map(truth.social.map((r) => [r.user_slug, r]));
  t.true(
    [...users.values()].some((u) => u.name !== null && /[^\u0000-\u024f]/u.test(u.name)),
    'a non-Latin name',
  );
  t.true([...users.values()].some((u) => u.private));
  t.true([...users.values()].some((u) => u.vip));
  t.true([...users.values()].some((u) => !u.vip));
  const since = (relation: string, slug: string) =>
    truth.social.find((r) => r.relation === relation && r.user_slug === slug)!.since;
  for (const friend of truth.social.filter((r) => r.relation === 'friend')) {
    const later = [since('follower', friend.user_slug), since('following', friend.user_slug)].sort()[1]!;
    t.is(friend.since, later);
  }
  t.true(
    truth.social.some((r) => r.name === null),
    'a user without a display name',
  );
});

test('followers, following, friends and requests have Trakt shapes, no paging, newest first', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const followers = await call(sim, `/users/${sim.userSlug}/followers`);
  t.is(followers.status, 200);
  t.is(followers.headers.get('x-pagination-page-count'), null);
  t.is(followers.json.length, 26);
  const first = followers.json[0];
  t.deepEqual(Object.keys(first), ['followed_at', 'user']);
  t.deepEqual(Object.keys(first.user), [
    'username',
    'private',
    'deleted',
    'name',
    'vip',
    'vip_ep',
    'director',
    'ids',
  ]);
  t.deepEqual(Object.keys(first.user.ids), ['slug', 'trakt']);
  const times = followers.json.map((f: { followed_at: string }) => f.followed_at);
  t.deepEqual(times, [...times].sort().reverse());
  const friends = await call(sim, '/users/me/friends?extended=full');
  t.deepEqual(Object.keys(friends.json[0]), ['friends_at', 'user']);
  t.true('joined_at' in friends.json[0].user && 'location' in friends.json[0].user);
  const requests = await call(sim, '/users/requests');
  t.deepEqual(Object.keys(requests.json[0]), ['id', 'requested_at', 'user']);
  t.true(Number.isInteger(requests.json[0].id));
  const outgoing = await call(sim, '/users/requests/following');
  t.is(outgoing.json.length, truth.social.filter((r) => r.relation === 'request_out').length);
  // Requests are the account's own business: a token is needed, as Trakt marks them OAuth required.
  t.is((await call(sim, '/users/requests', { token: null })).status, 401);
  // Followers of the account only; another user's graph is not served.
  t.is((await call(sim, '/users/somebody-else/followers')).status, 404);
});

test('slug-only-users strips the numeric id from every user of the graph; truth has user_trakt_id null', async (t) => {
  const sim = await start(t, { quirks: 'slug-only-users' });
  for (const path of ['/users/me/followers', '/users/me/following', '/users/me/friends', '/users/requests']) {
    const got = await call(sim, path);
    t.true(got.json.length > 0, path);
    for (const item of got.json) t.deepEqual(Object.keys(item.user.ids), ['slug'], path);
  }
  const lists = await call(sim, '/users/me/lists/collaborations');
  t.deepEqual(Object.keys(lists.json[0].user.ids), ['slug']);
  const truth = sim.truth();
  t.true(truth.social.length > 0);
  t.true(truth.social.every((r) => r.user_trakt_id === null));
  sim.setQuirks([]);
  t.true(sim.truth().social.every((r) => typeof r.user_trakt_id === 'number'));
  // The user's own profile still answers with the id (a lookup an exporter may make).
  const slug = truth.social[0]!.user_slug;
  t.is(typeof (await call(sim, `/users/${slug}`)).json.ids.trakt, 'number');
});

test('stale-network-stats: the stats count one more of each than the lists hold, so a check against them differs', async (t) => {
  const sim = await start(t, { quirks: 'stale-network-stats' });
  const truth = sim.truth();
  const count = (relation: Social['relation']) => truth.social.filter((r) => r.relation === relation).length;
  const sent = (await call(sim, '/users/me/stats')).json.network;
  t.deepEqual(sent, {
    friends: count('friend') + 1,
    followers: count('follower') + 1,
    following: count('following') + 1,
  });
  // The stats are Trakt's own numbers: truth holds them as sent.
  t.deepEqual(truth.stats.network, sent);
  t.is((await call(sim, '/users/me/followers')).json.length, count('follower'));
  sim.setQuirks([]);
  t.is(sim.truth().stats.network.followers, count('follower'));
});

test('collaboration lists: other owners, items under the owner slug by id or slug, never under the account', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const shared = truth.lists.filter((l) => l.collaboration);
  t.is(shared.length, 3);
  t.true(truth.lists.filter((l) => !l.collaboration).every((l) => l.owner_slug === sim.userSlug));
  const got = await call(sim, '/users/me/lists/collaborations');
  t.is(got.headers.get('x-pagination-page-count'), null);
  t.deepEqual(
    got.json.map((l: { ids: { trakt: number } }) => l.ids.trakt).sort(),
    shared.map((l) => l.list_trakt_id).sort(),
  );
  for (const list of shared) {
    t.not(list.owner_slug, sim.userSlug);
    const byId = await all(sim, `/users/${list.owner_slug}/lists/${list.list_trakt_id}/items`);
    const bySlug = await all(sim, `/users/${list.owner_slug}/lists/${list.slug}/items`);
    t.is(byId.length, list.item_count);
    t.deepEqual(byId, bySlug);
    t.deepEqual(
      byId.map((i) => i.id).sort(),
      truth.list_items
        .filter((i) => i.list_trakt_id === list.list_trakt_id)
        .map((i) => i.list_item_id)
        .sort(),
    );
    const summary = await call(sim, `/users/${list.owner_slug}/lists/${list.list_trakt_id}`);
    t.is(summary.json.user.ids.slug, list.owner_slug);
    t.is((await call(sim, `/users/me/lists/${list.list_trakt_id}/items`)).status, 404);
  }
  // A list of 130 items spans two pages at the default limit of 100.
  const big = await call(sim, `/users/${shared[2]!.owner_slug}/lists/${shared[2]!.list_trakt_id}/items`);
  t.is(big.headers.get('x-pagination-page-count'), '2');
  // A known user's own list that is no collaboration is not found.
  t.is(
    (
      await call(
        sim,
        `/users/${shared[0]!.owner_slug}/lists/${truth.lists.find((l) => !l.collaboration)!.slug}/items`,
      )
    ).status,
    404,
  );
});

test('saved filters: per section, paged, by rank, the shape of the contract and the Apiary example', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const movies = truth.saved_filters.filter((f) => f.section === 'movies');
  t.true(movies.length > 2);
  const page = await call(sim, '/users/saved_filters/movies?limit=2&page=2');
  t.is(page.headers.get('x-pagination-item-count'), String(movies.length));
  t.deepEqual(Object.keys(page.json[0]), ['rank', 'id', 'section', 'name', 'path', 'query', 'updated_at']);
  const got = await all(sim, '/users/saved_filters/movies');
  t.deepEqual(
    got.map((f) => f.rank),
    movies.map((f) => f.rank).sort((x, y) => x - y),
  );
  t.true(got.every((f) => f.section === 'movies' && f.path.startsWith('/movies/')));
  const sections = new Set(truth.saved_filters.map((f) => f.section));
  t.deepEqual([...sections].sort(), ['calendars', 'movies', 'search', 'shows']);
  t.is((await call(sim, '/users/saved_filters/people')).status, 404);
  t.is((await call(sim, '/users/saved_filters/movies', { token: null })).status, 401);
});

test('a free account is refused saved filters with 403, or 404 or 426 when asked; its truth has none', async (t) => {
  for (const [vipRefusal, status] of [
    [undefined, 403],
    [404, 404],
    [426, 426],
  ] as const) {
    const sim = await start(t, { vip: false, ...(vipRefusal === undefined ? {} : { vipRefusal }) });
    const got = await call(sim, '/users/saved_filters/shows');
    t.is(got.status, status);
    if (status === 426) t.is(got.headers.get('x-upgrade-url'), 'https://trakt.tv/vip');
    t.deepEqual(sim.truth().saved_filters, []);
    t.false((await call(sim, '/users/settings')).json.user.vip);
  }
  // The second account is a free one too.
  const sim = await start(t);
  t.is((await call(sim, '/users/saved_filters/movies', { token: sim.second.accessToken })).status, 403);
});

test('recommendations are the older name of the favorites, with one sort segment', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const favorites = await all(sim, '/users/me/favorites');
  t.deepEqual(await all(sim, '/users/me/recommendations'), favorites);
  t.deepEqual(await all(sim, '/sync/recommendations'), favorites);
  const movies = await call(sim, `/users/${sim.userSlug}/recommendations/movies/added`);
  t.is(movies.headers.get('x-applied-sort-by'), 'added');
  t.true(movies.json.length > 0 && movies.json.every((i: { type: string }) => i.type === 'movie'));
  const times = movies.json.map((i: { listed_at: string }) => i.listed_at);
  t.deepEqual(times, [...times].sort());
  t.deepEqual(
    await all(sim, '/users/me/recommendations/shows/rank'),
    await all(sim, '/users/me/favorites/shows'),
  );
});

test('each change to the graph, the filters or a shared list moves its last_activities field and all', async (t) => {
  const clock = manualClock('2026-11-10T12:00:00.000Z');
  const sim = await start(t, { clock: clock.now });
  const step = <T>(fn: () => T, fields: string[]) => {
    const before = sim.truth();
    clock.advance(60_000);
    const result = fn();
    const after = sim.truth();
    const at = new Date(clock.now()).toISOString();
    for (const field of fields) t.is(activity(after, field), at, field);
    t.is(after.last_activities['all'], at);
    const moved = Object.entries(after.last_activities)
      .filter(([group]) => group !== 'all')
      .flatMap(([group, v]) =>
        Object.entries(v as Record<string, string>).map(([f, x]) => [`${group}.${f}`, x]),
      )
      .filter(([field, x]) => x !== activity(before, field!))
      .map(([field]) => field)
      .sort();
    t.deepEqual(moved, [...fields].sort(), `only ${fields.join(', ')} moved`);
    return { before, after, result, at };
  };
  const followed = step(() => sim.mutate.follow(), ['account.following_at']);
  t.true(slugs(followed.after, 'following').includes(followed.result));
  t.is(followed.after.stats.network.following, followed.before.stats.network.following + 1);
  const unfollowed = step(() => sim.mutate.unfollow(followed.result), ['account.following_at']);
  t.false(slugs(unfollowed.after, 'following').includes(followed.result));
  const asked = step(() => sim.mutate.followRequest(), ['account.requested_at']);
  const request = (await call(sim, '/users/requests')).json.find(
    (r: { id: number }) => r.id === asked.result,
  );
  t.is(request.requested_at, asked.at);
  const accepted = step(
    () => sim.mutate.acceptRequest(asked.result),
    ['account.followed_at', 'account.requested_at'],
  );
  t.is(accepted.result, request.user.ids.slug);
  const follower = accepted.after.social.find(
    (r) => r.relation === 'follower' && r.user_slug === accepted.result,
  )!;
  t.is(follower.since, accepted.at);
  t.false(accepted.after.social.some((r) => r.relation === 'request_in' && r.user_slug === accepted.result));
  t.is(accepted.after.stats.network.followers, accepted.before.stats.network.followers + 1);
  // Following a private user makes a request, not a follow (every profile has a private follower it does not follow).
  const now = sim.truth();
  const shy = now.social.find(
    (r) => r.relation === 'follower' && r.private && !slugs(now, 'following').includes(r.user_slug),
  )!;
  t.truthy(shy);
  const asking = step(() => sim.mutate.follow(shy.user_slug), ['account.pending_at']);
  t.false(slugs(asking.after, 'following').includes(shy.user_slug));
  t.true(slugs(asking.after, 'request_out').includes(shy.user_slug));
  const pending = step(() => sim.mutate.requestToFollow(), ['account.pending_at']);
  t.true(
    (await call(sim, '/users/requests/following')).json.some((r: { id: number }) => r.id === pending.result),
  );
  const left = step(() => sim.mutate.loseFollower(), ['account.followed_at']);
  t.false(slugs(left.after, 'follower').includes(left.result));
  const edited = step(
    () => sim.mutate.savedFilterEdit(undefined, { name: 'Renamed 🎞️' }),
    ['saved_filters.updated_at'],
  );
  const filter = edited.after.saved_filters.find((f) => f.filter_id === edited.result)!;
  t.is(filter.name, 'Renamed 🎞️');
  t.is(filter.updated_at, edited.at);
  const added = step(
    () => sim.mutate.savedFilterAdd('calendars', 'New', '/calendars/my/shows', ''),
    ['saved_filters.updated_at'],
  );
  t.is(added.after.saved_filters.length, added.before.saved_filters.length + 1);
  const removed = step(() => sim.mutate.savedFilterRemove(added.result), ['saved_filters.updated_at']);
  t.false(removed.after.saved_filters.some((f) => f.filter_id === added.result));
  const shared = step(() => sim.mutate.collaborationAddItems(undefined, 2), ['collaborations.updated_at']);
  const list = shared.after.lists.find((l) => l.collaboration)!;
  t.is(list.updated_at, shared.at);
  t.is(list.item_count, shared.before.lists.find((l) => l.collaboration)!.item_count + 2);
  t.true(shared.result.every((id) => shared.after.list_items.some((i) => i.list_item_id === id)));
  // A collaborator edits the items as on its own lists: listAddItems takes the shared list too.
  const viaLists = step(
    () => sim.mutate.listRemoveItems(list.list_trakt_id, 1),
    ['collaborations.updated_at'],
  );
  t.is(
    viaLists.after.lists.find((l) => l.list_trakt_id === list.list_trakt_id)!.item_count,
    list.item_count - 1,
  );
  t.throws(() => sim.mutate.listDelete(list.list_trakt_id), { message: /no personal list/ });
});

test('the same mutations over /_sim/mutate', async (t) => {
  const sim = await start(t);
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${sim.url}/_sim/mutate`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as { result: unknown } };
  };
  const request = await post({ op: 'followRequest' });
  t.is(request.status, 200);
  const accepted = await post({ op: 'acceptRequest', requestId: request.json.result });
  t.true(slugs(sim.truth(), 'follower').includes(accepted.json.result as string));
  const followed = await post({ op: 'follow' });
  t.true(slugs(sim.truth(), 'following').includes(followed.json.result as string));
  const edited = await post({ op: 'savedFilterEdit', query: 'genres=+horror' });
  t.is(sim.truth().saved_filters.find((f) => f.filter_id === edited.json.result)!.query, 'genres=+horror');
  const items = await post({ op: 'collaborationAddItems', count: 2 });
  t.is((items.json.result as number[]).length, 2);
  t.is((await post({ op: 'acceptRequest', requestId: 1 })).status, 400);
});

test("the official export's five files carry the graph and the collaboration lists (no items)", async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const zip = await fromBufferPromise(await sim.exportZip({ unknownFile: false }));
  const files = new Map<string, unknown>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    files.set(entry.fileName.replace(/^.*\//, ''), JSON.parse(Buffer.concat(chunks).toString('utf8')));
  }
  const users = (name: string) =>
    (files.get(name) as { user: { ids: { slug: string } } }[]).map((x) => x.user.ids.slug).sort();
  t.deepEqual(users('network-followers.json'), slugs(truth, 'follower'));
  t.deepEqual(users('network-following.json'), slugs(truth, 'following'));
  t.deepEqual(users('network-friends.json'), slugs(truth, 'friend'));
  t.deepEqual(users('network-followers-requests.json'), slugs(truth, 'request_in'));
  const followers = files.get('network-followers.json') as { followed_at: string }[];
  t.deepEqual(followers, (await call(sim, `/users/${sim.userSlug}/followers`)).json);
  const lists = files.get('lists-collaborations.json') as {
    ids: { trakt: number };
    user: { ids: { slug: string } };
  }[];
  t.deepEqual(
    lists.map((l) => [l.ids.trakt, l.user.ids.slug]).sort(),
    truth.lists
      .filter((l) => l.collaboration)
      .map((l) => [l.list_trakt_id, l.owner_slug])
      .sort(),
  );
  // Their items are not in the export; the account's own lists' items are.
  for (const l of lists) t.false([...files.keys()].some((n) => n.startsWith(`lists-list-${l.ids.trakt}-`)));
});

test('a client that reads /users/{id}/followers first, as a published exporter does, runs to the end', async (t) => {
  const sim = await start(t, { profile: 'typical', rateLimit: { limit: 10_000, windowMs: 1000 } });
  const u = sim.userSlug;
  // traktexport 0.1.10's full export, in its order (public release sources, traktexport/export.py).
  const calls = [
    `/users/${u}/followers`,
    `/users/${u}/following`,
    '/users/settings',
    '/users/likes',
    `/users/${u}`,
    `/users/${u}/comments`,
    `/users/${u}/lists`,
    `/users/${u}/ratings`,
    `/users/${u}/recommendations`,
    `/users/${u}/watchlist`,
    `/users/${u}/watched/movies`,
    `/users/${u}/watched/shows`,
    `/users/${u}/collection/movies`,
    `/users/${u}/collection/shows`,
    `/users/${u}/stats`,
  ];
  const got = new Map<string, unknown>();
  for (const path of calls) {
    const r = await call(sim, path);
    t.is(r.status, 200, path);
    got.set(path, r.json);
  }
  // Then the history, page by page until an empty page.
  let plays = 0;
  for (let page = 1; ; page++) {
    const r = await call(sim, `/users/${u}/history?limit=100&page=${page}`);
    t.is(r.status, 200);
    if (r.json.length === 0) break;
    plays += r.json.length;
  }
  t.is(plays, 3000);
  const stats = got.get(`/users/${u}/stats`) as { network: { followers: number; following: number } };
  t.is((got.get(`/users/${u}/followers`) as unknown[]).length, stats.network.followers);
  t.is((got.get(`/users/${u}/following`) as unknown[]).length, stats.network.following);
  t.true(sim.requests().every((r) => r.status === 200));
});
