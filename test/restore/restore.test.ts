import test from 'ava';
import { journalOf } from '../../src/load/journal.ts';
import type { RestoreEvent } from '../../src/restore/apply.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, TEST_HTTP, type Workspace, workspace } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';
import {
  accountKeys,
  FAST_SIM,
  playMultiset,
  restoreAgainst,
  rowsByResource,
  WRITE_RATE,
  writes,
} from './helpers.ts';

async function simulator(t: Parameters<typeof workspace>[0], profile: 'tiny' | 'typical', seed: number) {
  const sim = await startSimulator({ profile, seed, ...FAST_SIM });
  t.teardown(() => sim.close());
  return sim;
}

/**
 * A loss of every kind restore puts back: plays (movies and episodes, some
 * items keeping other plays), ratings removed and changed, watchlist,
 * favorites and collection items, a whole list and some items of another.
 */
function lose(sim: Simulator, plays: number) {
  const truth = sim.truth();
  const removed = sim.mutate.removePlays({ count: plays });
  const [r1, r2, r3, r4] = truth.ratings;
  sim.mutate.unrate(r1!.media_type as never, r1!.trakt_id);
  sim.mutate.unrate(r2!.media_type as never, r2!.trakt_id);
  sim.mutate.rate(r3!.media_type as never, r3!.trakt_id, r3!.rating === 10 ? 1 : r3!.rating + 1);
  sim.mutate.rate(r4!.media_type as never, r4!.trakt_id, r4!.rating === 1 ? 2 : r4!.rating - 1);
  const watchlist = sim.mutate.watchlistRemove({ count: 3 });
  const favorites = sim.mutate.favoritesRemove({ count: 2 });
  const movie = truth.collection.find((c) => c.media_type === 'movie')!;
  const episode = truth.collection.find((c) => c.media_type === 'episode')!;
  sim.mutate.uncollect('movie', movie.trakt_id);
  sim.mutate.uncollect('episode', episode.trakt_id);
  const [whole, partly] = truth.lists;
  sim.mutate.listDelete(whole!.list_trakt_id);
  const listItems = sim.mutate.listRemoveItems(partly!.list_trakt_id, 3);
  const wholeItems = truth.list_items.filter((i) => i.list_trakt_id === whole!.list_trakt_id).length;
  return {
    plays: removed,
    expected: {
      history: removed.length,
      ratings: 4,
      watchlist: watchlist.length,
      favorites: favorites.length,
      collection: 2,
      lists: Math.max(1, wholeItems) + listItems.length,
    },
  };
}

test('a typical account after a loss of every kind: the dry run plans exactly it and writes nothing, --apply restores it exactly, a rerun writes nothing', async (t) => {
  const sim = await simulator(t, 'typical', 16);
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const before = accountKeys(sim.truth());
  const lost = lose(sim, 300);
  const removedPlays = new Set(lost.plays);
  const keptTrakt = new Set(
    sim.truth().plays.map((p) => (p.media_type === 'movie' ? p.movie_trakt_id : p.episode_trakt_id)),
  );
  // Some items lost a play and kept others: the multiset, not the set of items, is what restore matches.
  const lostPlays = before.plays.length - sim.truth().plays.length;
  t.is(lostPlays, 300);
  t.true(removedPlays.size === 300 && keptTrakt.size > 0);

  sim.clearRequests();
  const dry = await restoreAgainst(sim, ws);
  t.deepEqual(writes(sim), []);
  const planned = Object.fromEntries(dry.rows.map((r) => [r.resource, r.planned]));
  t.deepEqual(planned, lost.expected);
  for (const row of dry.rows) {
    t.is(row.written + row.not_found + row.refused, 0);
    t.true(row.already_there > 0, row.resource);
  }
  t.true(dry.sample.some((line) => line.resource === 'history' && line.label !== undefined));

  sim.clearRequests();
  const events: RestoreEvent[] = [];
  const applied = await restoreAgainst(sim, ws, { apply: true, events });
  const rows = rowsByResource(applied);
  for (const [resource, count] of Object.entries(lost.expected)) {
    t.like(rows[resource], { planned: count, written: count, not_found: 0, refused: 0 }, resource);
  }
  t.deepEqual(accountKeys(sim.truth()), before);
  // The fewest requests the plan allows: ceil(items / 100) per resource, one list created.
  t.deepEqual(
    Object.entries(
      writes(sim).reduce<Record<string, number>>((m, w) => {
        const path = w.path.replace(/\/lists\/\d+\/items/, '/lists/{id}/items');
        m[path] = (m[path] ?? 0) + 1;
        return m;
      }, {}),
    ).sort(),
    [
      ['/sync/collection', 1],
      ['/sync/favorites', 1],
      ['/sync/history', 3],
      ['/sync/ratings', 1],
      ['/sync/watchlist', 1],
      ['/users/me/lists', 1],
      ['/users/me/lists/{id}/items', 2],
    ].sort(),
  );
  const plan = events.find((e) => e.type === 'plan');
  t.like(plan, {
    type: 'plan',
    apply: true,
    batches: 10,
    items: Object.values(lost.expected).reduce((a, b) => a + b),
  });
  t.is(events.filter((e) => e.type === 'batch').length, 10);
  await withDuck(ws.db, async (duck) => {
    const journal = await journalOf(duck, applied.restoreId!);
    t.is(journal.length, 10);
    t.true(journal.every((b) => b.state === 'answered' && (b.status === 201 || b.status === 200)));
    // Restore never writes the live state into --db: the mirror still holds the backup.
    const plays = await duck.all('SELECT count(*)::INT AS n FROM plays');
    t.is(plays[0]?.['n'], before.plays.length);
  });

  sim.clearRequests();
  const again = await restoreAgainst(sim, ws, { apply: true });
  t.deepEqual(writes(sim), []);
  t.true(again.rows.every((r) => r.planned === 0 && r.written === 0));
});

test('migration into the empty account: refused (exit 2, zero writes) without --allow-other-account, exact with it', async (t) => {
  const sim = await simulator(t, 'tiny', 21);
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const source = accountKeys(sim.truth());
  sim.clearRequests();
  const refused = await t.throwsAsync(
    restoreAgainst(sim, ws, { apply: true, token: sim.second.accessToken }),
  );
  t.is((refused as { exitCode?: number }).exitCode, 2);
  t.regex(refused.message, /is a backup of traktdb-viewer, but the signed-in account is traktdb-newcomer/);
  t.regex(refused.message, /--allow-other-account/);
  t.deepEqual(writes(sim), []);
  t.is(sim.second.truth().plays.length, 0);

  const moved = await restoreAgainst(sim, ws, {
    apply: true,
    token: sim.second.accessToken,
    allowOtherAccount: true,
  });
  t.is(moved.accountSlug, 'traktdb-newcomer');
  t.true(moved.rows.every((r) => r.written === r.planned && r.already_there === 0));
  t.deepEqual(accountKeys(sim.second.truth()), source);
  // The source account is untouched.
  t.deepEqual(accountKeys(sim.truth()), source);
});

test('--as-of: plays a sync saw removed come back with a restore as of before that sync', async (t) => {
  const sim = await simulator(t, 'tiny', 22);
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const before = playMultiset(sim.truth());
  await new Promise((resolve) => setTimeout(resolve, 5));
  const between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  sim.mutate.removePlays({ count: 12 });
  await runAgainst(sim, ws, { mode: 'sync' });

  // The mirror now agrees with the loss: a plain restore has nothing to put back.
  const now = await restoreAgainst(sim, ws, { only: ['history'] });
  t.like(now.rows[0], { resource: 'history', planned: 0 });
  await t.throwsAsync(restoreAgainst(sim, ws, { asOf: '2001-01-01T00:00:00.000Z' }), {
    message: /is before the first backup/,
  });

  const asOf = await restoreAgainst(sim, ws, { only: ['history'], asOf: between, apply: true });
  t.like(asOf.rows[0], { resource: 'history', planned: 12, written: 12 });
  t.deepEqual(playMultiset(sim.truth()), before);
});

test('420 on a capped watchlist: that resource is refused, everything else restored; not_found items are listed by title in every resource that held them', async (t) => {
  const sim = await simulator(t, 'tiny', 23);
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const truth = sim.truth();
  const before = accountKeys(truth);
  // An item Trakt deleted since the backup: its plays and rating are gone and no id finds it.
  const rated = truth.ratings.find(
    (r) => r.media_type === 'movie' && truth.plays.some((p) => p.movie_trakt_id === r.trakt_id),
  )!;
  const itsPlays = truth.plays.filter((p) => p.movie_trakt_id === rated.trakt_id);
  sim.mutate.removePlays(itsPlays.map((p) => p.history_id));
  sim.mutate.unrate('movie', rated.trakt_id);
  sim.forget('movie', rated.trakt_id);
  sim.mutate.removePlays({ count: 6 });
  const gone = sim.mutate.watchlistRemove({ count: 3 });
  sim.setLimits({ watchlist: truth.watchlist.length - 2 });

  const report = await restoreAgainst(sim, ws, { apply: true, batchSize: 5 });
  const rows = rowsByResource(report);
  t.like(rows['watchlist'], { planned: gone.length, written: 0, refused: gone.length, not_found: 0 });
  t.like(rows['history'], {
    planned: itsPlays.length + 6,
    written: 6,
    not_found: itsPlays.length,
    refused: 0,
  });
  t.like(rows['ratings'], { planned: 1, written: 0, not_found: 1, refused: 0 });
  const title = truth.movies.find((m) => m.trakt_id === rated.trakt_id)!.title;
  t.is(report.notFound.length, 1);
  t.like(report.notFound[0], {
    mediaType: 'movie',
    traktId: rated.trakt_id,
    resources: ['history', 'ratings'],
  });
  t.is(report.notFound[0]!.label?.title.startsWith(title), true);
  t.is(report.notFound[0]!.label?.ids['trakt'], rated.trakt_id);
  const after = accountKeys(sim.truth());
  t.is(after.watchlist.length, before.watchlist.length - gone.length);
  t.is(after.plays.length, before.plays.length - itsPlays.length);

  const { exitCodeFor } = await import('../../src/cli/commands/restore.ts');
  t.is(exitCodeFor(report, true), 4);
  t.is(exitCodeFor(report, false), 0);
});

test('write spacing holds under 5xx, resets, lost answers and 429s, and the account still ends exact with no duplicate play', async (t) => {
  const sim = await simulator(t, 'tiny', 24);
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const before = accountKeys(sim.truth());
  sim.mutate.removePlays({ count: 40 });
  sim.mutate.watchlistRemove({ count: 3 });
  sim.setFaults({ http5xx: { rate: 0.08, burst: 1 }, reset: { rate: 0.05 }, truncate: { rate: 0.05 } });
  const sent: number[] = [];
  let n = 0;
  const fetchWithFaults: typeof fetch = async (input, init) => {
    if (init?.method === 'POST') {
      sent.push(Date.now());
      // Every fourth write meets a 429 that asks for no wait: the retry must still keep the spacing.
      n += 1;
      if (n % 4 === 0) {
        return new Response('{"error":"rate_limit_exceeded"}', {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '0' },
        });
      }
    }
    return fetch(input, init);
  };
  const report = await restoreAgainst(sim, ws, {
    apply: true,
    batchSize: 4,
    fetch: fetchWithFaults,
    http: { maxRetries: 8 },
  });
  sim.setFaults({});
  t.true(sent.length >= 11, `${sent.length} writes`);
  const gaps = sent.slice(1).map((at, i) => at - (sent[i] as number));
  // 1 per 20 ms, measured on Date.now() at the transport: a millisecond either side of the tick.
  t.true(
    gaps.every((g) => g >= 19),
    `gaps ${gaps.join(',')}`,
  );
  t.deepEqual(accountKeys(sim.truth()), before);
  t.true(report.rows.every((r) => r.written === r.planned));
  t.is(report.unaccounted.length, 0);
});

test('dedupe: the dry run writes nothing; --apply removes exactly the flagged later plays and syncs plays to match', async (t) => {
  const sim = await simulator(t, 'tiny', 25);
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  const { dedupe } = await import('../../src/restore/dedupe.ts');
  const run = (apply: boolean) => dedupeAgainst(sim, ws, apply, dedupe);
  const before = sim.truth().plays.map((p) => p.history_id);
  sim.clearRequests();
  const dry = await run(false);
  t.deepEqual(writes(sim), []);
  t.true(dry.flagged > 0, 'the tiny profile has duplicate scrobbles');
  const applied = await run(true);
  t.is(applied.flagged, dry.flagged);
  t.is(applied.removed, dry.flagged);
  t.deepEqual(applied.historyIds, dry.historyIds);
  const flagged = new Set(dry.historyIds);
  t.deepEqual(
    sim.truth().plays.map((p) => p.history_id),
    before.filter((id) => !flagged.has(id)),
  );
  t.is(writes(sim).filter((w) => w.path === '/sync/history/remove').length, Math.ceil(dry.flagged / 100));
  await withDuck(ws.db, async (duck) => {
    const rows = await duck.all('SELECT history_id FROM plays ORDER BY history_id');
    t.deepEqual(
      rows.map((r) => Number(r['history_id'])),
      before.filter((id) => !flagged.has(id)).sort((a, b) => a - b),
    );
  });
  const after = await run(false);
  t.is(after.flagged, 0);
});

async function dedupeAgainst(
  sim: Simulator,
  ws: Workspace,
  apply: boolean,
  dedupe: typeof import('../../src/restore/dedupe.ts').dedupe,
) {
  const { resolveConfig } = await import('../../src/config.ts');
  const { Store } = await import('../../src/load/store.ts');
  const { systemClock } = await import('../../src/clock.ts');
  const config = resolveConfig(
    {
      db: ws.db,
      archive: ws.archive,
      apiUrl: sim.url,
      authUrl: sim.url,
      clientId: sim.clientId,
      rateLimit: '1000/1',
      writeRate: WRITE_RATE,
    },
    {
      XDG_CONFIG_HOME: ws.configHome,
      TRAKT_ACCESS_TOKEN: sim.accessToken,
      TRAKT_CLIENT_SECRET: sim.clientSecret,
    },
  );
  const store = await Store.open(ws.db);
  try {
    return await dedupe({
      config,
      store,
      clock: systemClock,
      apply,
      windowMinutes: 10,
      batchSize: 100,
      onEvent: () => {},
      onHttp: () => {},
      onExtract: () => {},
      http: TEST_HTTP,
    });
  } finally {
    await store.close();
  }
}
