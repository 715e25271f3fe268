import test from 'ava';
import { catalog } from '../../pipelines/catalog.ts';
import { ACTIVITY_FIELDS, account, list, listed, movie, play, run, T0, T1, watchedOf } from './account.ts';
import { FakeArchive, FakeStore, withActivity } from './fakes.ts';

/**
 * The runner carried out against fakes of its ports (fakes.ts): every case
 * starts from a backup of the small account (account.ts), changes Trakt's
 * side, and checks the requests made, the outcomes, and what the mirror
 * and sync_state hold after.
 */

async function backedUp() {
  const trakt = account();
  const store = new FakeStore();
  const backup = await run(trakt, store, 'backup');
  return { trakt, store, backup };
}

const LAST_ACTIVITIES = '/sync/last_activities';

/** The value of one last_activities field a resource's saved state holds. */
function seen(store: FakeStore, resource: string, field: string): unknown {
  const activities = store.states.get(resource)?.activities;
  return activities !== null && typeof activities === 'object' ? Reflect.get(activities, field) : undefined;
}

test('a backup fetches every resource and saves each state; a sync with nothing changed asks only last_activities', async (t) => {
  const { trakt, store, backup } = await backedUp();
  t.deepEqual(backup.summary.incomplete, []);
  // Every resource and both lists' items have a state; the plays mirror Trakt's history.
  const keys = [...catalog.map((r) => r.name), 'list_items:7', 'list_items:8'].sort();
  t.deepEqual([...store.states.keys()].sort(), keys);
  t.deepEqual(
    store.rows('plays').map((p) => p['history_id']),
    [106, 105, 104, 103, 102, 101],
  );
  t.is(store.rows('list_items').length, 3);
  // The backup's second round finds nothing moved: one more last_activities and no other request.
  t.is(backup.paths.filter((p) => p === LAST_ACTIVITIES).length, 2);

  const sync = await run(trakt, store, 'sync');
  t.deepEqual(sync.paths, [LAST_ACTIVITIES]);
  t.true(sync.summary.outcomes.every((o) => o.skipped === 'unchanged'));
  t.is(sync.summary.outcomes.length, catalog.length);
});

test('a sync after one last_activities field moved asks exactly the resources listening to it', async (t) => {
  let checked = 0;
  for (const field of ACTIVITY_FIELDS) {
    const { trakt, store } = await backedUp();
    trakt.lastActivities = withActivity(trakt.lastActivities, field, T1);
    const sync = await run(trakt, store, 'sync');
    const listening = catalog.filter((r) => r.activities.includes(field));
    const expected = new Set<string>([LAST_ACTIVITIES]);
    for (const resource of listening) {
      const path = resource.path.replace('{user}', 'me');
      // Only a move that can merely remove items: one count, equal, so nothing else.
      expected.add(resource.removalsOnlyWhen?.includes(field) ? `${path}?limit=1` : path);
      if (resource.pagination === 'single') {
        for (const also of Object.values(resource.also ?? {})) expected.add(also.replace('{user}', 'me'));
      }
    }
    // History re-counted by windows: the counts agree, so the counting request is the only other one.
    if (listening.some((r) => r.name === 'plays')) expected.add('/sync/history?limit=1');
    // Ratings by slices: the stats count them (here they contradict the empty ratings, so the
    // moved type is paged whole, by its own path).
    const rated = /^(movies|shows|seasons|episodes)\.rated_at$/.exec(field);
    if (rated !== null) {
      expected.delete('/sync/ratings/all');
      expected.add('/users/me/stats');
      expected.add(`/sync/ratings/${rated[1]}`);
    }
    t.deepEqual([...new Set(sync.paths)].sort(), [...expected].sort(), field);
    for (const resource of listening) {
      t.is(seen(store, resource.name, field), T1, `${field}: ${resource.name}'s state saw the move`);
    }
    t.deepEqual(sync.summary.incomplete, [], field);
    checked += 1;
  }
  t.is(checked, ACTIVITY_FIELDS.length);
  t.true(checked >= 25, `${checked} fields`);
});

test('a field missing from last_activities makes its resources due on every sync, and no other', async (t) => {
  const trakt = account();
  trakt.lastActivities = withActivity(trakt.lastActivities, 'notes.updated_at', undefined);
  const store = new FakeStore();
  await run(trakt, store, 'backup');
  for (const round of [1, 2]) {
    const sync = await run(trakt, store, 'sync');
    // Fetched, so a second round looks again; notes were fetched earlier in this run by then.
    t.deepEqual(sync.paths, [LAST_ACTIVITIES, '/users/me/notes/all', LAST_ACTIVITIES], `sync ${round}`);
    t.like(
      sync.summary.outcomes.find((o) => o.key === 'notes'),
      { complete: true, skipped: undefined, requests: 1 },
    );
    // Both rounds skip every other resource as unchanged; the second skips notes as fetched already.
    t.is(sync.summary.outcomes.filter((o) => o.skipped === 'unchanged').length, 2 * (catalog.length - 1));
    t.like(
      sync.summary.outcomes.filter((o) => o.key === 'notes'),
      [{ skipped: undefined }, { skipped: 'fetched earlier in this run' }],
    );
  }
});

test('history repair: a backdated play and a removed one in the same window are found by the watched counts', async (t) => {
  const { trakt, store } = await backedUp();
  // Movie 1 loses its 2024 play 102; movie 2 gains a backdated 2024 play: the 2024 window counts the same.
  const history = [...trakt.history.filter((p) => p['id'] !== 102), play(107, 2, '2024-01-03T00:00:00.000Z')];
  history.sort((a, b) => String(b['watched_at']).localeCompare(String(a['watched_at'])));
  trakt.history = history;
  trakt.answers.set('/sync/watched/movies', watchedOf(history as ReturnType<typeof play>[]));
  trakt.lastActivities = withActivity(trakt.lastActivities, 'movies.watched_at', T1);

  const sync = await run(trakt, store, 'sync');
  t.true(sync.paths.includes('/sync/history/movies/1'));
  t.true(sync.paths.includes('/sync/history/movies/2'));
  t.false(sync.paths.includes('/sync/history/movies/3'), 'only the movies whose counts differ');
  const repairs = sync.summary.outcomes.filter((o) => o.key.startsWith('plays:'));
  t.deepEqual(repairs.map((o) => [o.title, o.complete, o.inserted, o.deleted]).sort(), [
    ['watch history (plays:movie:1)', true, 0, 1],
    ['watch history (plays:movie:2)', true, 1, 0],
  ]);
  t.deepEqual(
    store
      .rows('plays')
      .map((p) => p['history_id'])
      .sort(),
    [101, 103, 104, 105, 106, 107],
  );
  // Repaired, history's state moves: the next sync asks nothing more.
  t.is(seen(store, 'plays', 'movies.watched_at'), T1);
  t.deepEqual((await run(trakt, store, 'sync')).paths, [LAST_ACTIVITIES]);
});

test('history repair cut short: the plays state stays unseen, so the next sync repairs again', async (t) => {
  const { trakt, store } = await backedUp();
  const history = [...trakt.history.filter((p) => p['id'] !== 102), play(107, 2, '2024-01-03T00:00:00.000Z')];
  trakt.history = history.sort((a, b) => String(b['watched_at']).localeCompare(String(a['watched_at'])));
  trakt.answers.set('/sync/watched/movies', watchedOf(trakt.history as ReturnType<typeof play>[]));
  trakt.lastActivities = withActivity(trakt.lastActivities, 'movies.watched_at', T1);
  trakt.announce.set('/sync/history/movies/2', 9);

  const sync = await run(trakt, store, 'sync');
  t.deepEqual(sync.summary.incomplete, ['plays:movie:2']);
  t.is(seen(store, 'plays', 'movies.watched_at'), T0);
  trakt.announce.clear();
  const again = await run(trakt, store, 'sync');
  // History is due again (its state did not move); what the cut-short load upserted already
  // agrees with the watched counts, so no item needs repairing any more.
  t.true(again.paths.includes('/sync/history?limit=1'));
  t.false(again.paths.includes('/sync/history/movies/2'));
  t.deepEqual(again.summary.incomplete, []);
  t.deepEqual(
    store
      .rows('plays')
      .map((p) => p['history_id'])
      .sort(),
    [101, 103, 104, 105, 106, 107],
  );
  t.is(seen(store, 'plays', 'movies.watched_at'), T1);
});

test('a list that vanished: its items leave the mirror in one commit, with no request for them', async (t) => {
  const { trakt, store } = await backedUp();
  const archive = new FakeArchive();
  trakt.answers.set('/users/me/lists', [list(7, 2)]);
  trakt.answers.delete('/users/me/lists/8/items');
  trakt.lastActivities = withActivity(trakt.lastActivities, 'lists.updated_at', T1);

  const sync = await run(trakt, store, 'sync', { archive, runId: 2 });
  t.deepEqual(sync.paths, [LAST_ACTIVITIES, '/users/me/lists', LAST_ACTIVITIES]);
  const removed = sync.summary.outcomes.find((o) => o.key === 'list_items:8');
  t.like(removed, { title: 'list items of removed list 8', complete: true, deleted: 1, requests: 0 });
  t.like(
    sync.summary.outcomes.find((o) => o.key === 'list_items:7'),
    { skipped: 'unchanged' },
  );
  t.deepEqual(
    store.rows('list_items').map((row) => row['list_trakt_id']),
    [7, 7],
  );
  const record = archive.records.find((r) => r.resource === 'list_items:8');
  t.deepEqual(record?.scope, { kind: 'where', equals: { list_trakt_id: 8 } });
  t.deepEqual(record?.context, { listTraktId: 8 });
  t.deepEqual(store.states.get('list_items:8')?.activities, { removed: '2026-03-01T00:00:00.000Z' });
});

test('a list whose items changed is paged again; the other list is not', async (t) => {
  const { trakt, store } = await backedUp();
  trakt.answers.set('/users/me/lists', [list(7, 3, T1), list(8, 1)]);
  trakt.answers.set('/users/me/lists/7/items', [listed(71, 20), listed(72, 21), listed(73, 23)]);
  trakt.lastActivities = withActivity(trakt.lastActivities, 'lists.updated_at', T1);
  const sync = await run(trakt, store, 'sync');
  t.true(sync.paths.includes('/users/me/lists/7/items'));
  t.false(sync.paths.includes('/users/me/lists/8/items'));
  t.like(
    sync.summary.outcomes.find((o) => o.key === 'list_items:7'),
    { title: 'list items of List 7', complete: true, inserted: 1, rows: 3 },
  );
});

test('the incomplete outcome: items missing on every pass are named with their numbers, and nothing is deleted', async (t) => {
  const { trakt, store } = await backedUp();
  // Trakt announces 5 watchlist items but sends the 3 it has, on each of the 3 passes.
  trakt.announce.set('/sync/watchlist/all/rank/asc', 5);
  trakt.answers.set('/sync/watchlist/all/rank/asc', [listed(1, 10), listed(3, 12), listed(4, 13)]);
  trakt.lastActivities = withActivity(trakt.lastActivities, 'watchlist.updated_at', T1);
  const sync = await run(trakt, store, 'sync');

  const outcome = sync.summary.outcomes.find((o) => o.key === 'watchlist');
  t.deepEqual(outcome, {
    key: 'watchlist',
    title: 'watchlist',
    complete: false,
    rows: 3,
    expected: 5,
    // 3 pages of 2 (5 announced) on each of 3 passes.
    requests: 9,
    inserted: 1,
    updated: 0,
    deleted: 0,
    rejected: 0,
    problem: 'incomplete',
    reason: 'received 3 of 5 items',
  });
  t.deepEqual(
    sync.events.filter((e) => e.type === 'resource-retry').map((e) => e.type === 'resource-retry' && e.pass),
    [2, 3],
  );
  t.like(
    sync.events.find((e) => e.type === 'resource-incomplete'),
    { resource: 'watchlist', problem: 'incomplete', expected: 5, received: 3, rejected: 0 },
  );
  t.deepEqual(sync.summary.incomplete, ['watchlist']);
  t.deepEqual(sync.summary.problems, [
    {
      key: 'watchlist',
      title: 'watchlist',
      problem: 'incomplete',
      reason: 'received 3 of 5 items',
      rejected: 0,
    },
  ]);
  // Upserted, nothing deleted (item 2 stays), state not moved.
  t.is(store.rows('watchlist').length, 4);
  t.is(seen(store, 'watchlist', 'watchlist.updated_at'), T0);
  t.deepEqual(store.commits.at(-1)?.scope, { kind: 'upsert' });
});

test('the rejected outcome: an unreadable item is counted as received and kept aside, and the others load', async (t) => {
  const { trakt, store } = await backedUp();
  trakt.answers.set('/sync/watchlist/all/rank/asc', [
    listed(1, 10),
    { rank: 2, id: 2, type: 'movie', movie: movie(11) },
    listed(3, 12),
  ]);
  trakt.lastActivities = withActivity(trakt.lastActivities, 'watchlist.updated_at', T1);
  const sync = await run(trakt, store, 'sync');
  t.like(
    sync.summary.outcomes.find((o) => o.key === 'watchlist'),
    { complete: false, rows: 2, expected: 3, rejected: 1, problem: 'rejected' },
  );
  t.like(
    sync.events.find((e) => e.type === 'resource-incomplete'),
    { expected: 3, received: 3, rejected: 1, reason: '1 item could not be read (see rejected_items)' },
  );
  t.is(store.rejected.length, 1);
  t.like(store.rejected[0], { resource: 'watchlist', position: 1, field: 'listed_at' });
});

test("another user's account: no last_activities, and what only you can see is skipped as not public", async (t) => {
  const trakt = account();
  for (const resource of catalog) {
    if (resource.userPath !== undefined) trakt.answers.set(resource.userPath.replace('{user}', 'sean'), []);
  }
  trakt.answers.set('/users/sean/stats', trakt.answers.get('/users/me/stats'));
  const store = new FakeStore();
  const ran = await run(trakt, store, 'backup', { user: 'sean' });
  t.false(ran.paths.includes(LAST_ACTIVITIES));
  const hidden = catalog.filter((r) => r.userPath === undefined).map((r) => r.name);
  t.deepEqual(
    ran.summary.outcomes.filter((o) => o.skipped !== undefined).map((o) => [o.key, o.skipped]),
    hidden.map((name) => [name, 'only available for your own account']),
  );
  t.deepEqual(
    ran.events
      .filter((e) => e.type === 'resource-skipped')
      .map((e) => e.type === 'resource-skipped' && e.reason),
    hidden.map(() => 'not public'),
  );
  t.deepEqual(ran.summary.incomplete, []);
});

test('a watchlist that could only have lost items is counted, not paged, and re-paged only when the count moved', async (t) => {
  const { trakt, store } = await backedUp();
  trakt.lastActivities = withActivity(trakt.lastActivities, 'movies.watched_at', T1);
  trakt.answers.set('/sync/watchlist/all/rank/asc', [listed(1, 10), listed(3, 12)]);
  const sync = await run(trakt, store, 'sync');
  t.true(sync.paths.includes('/sync/watchlist/all/rank/asc?limit=1'));
  t.true(sync.paths.includes('/sync/watchlist/all/rank/asc'), 'the count differs: re-paged');
  t.deepEqual(
    store.rows('watchlist').map((r) => r['list_item_id']),
    [1, 3],
  );
});

test('a ratings slice path that answers 404 falls back to the whole ratings, and the state moves', async (t) => {
  const { trakt, store } = await backedUp();
  trakt.answers.delete('/sync/ratings/episodes');
  trakt.lastActivities = withActivity(trakt.lastActivities, 'episodes.rated_at', T1);
  const sync = await run(trakt, store, 'sync');
  t.deepEqual(
    [...new Set(sync.paths)].sort(),
    ['/sync/last_activities', '/sync/ratings/all', '/sync/ratings/episodes', '/users/me/stats'].sort(),
  );
  t.deepEqual(sync.summary.incomplete, []);
  t.is(seen(store, 'ratings', 'episodes.rated_at'), T1);
});
