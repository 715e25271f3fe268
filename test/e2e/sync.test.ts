import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import type { startSimulator } from '../../src/simulator/index.ts';
import { fromSharedBackup, runAgainst, sharedBackup } from '../helpers/backup.ts';
import { ACCOUNT_TABLES, diffTable, MEDIA, readTable, withDuck } from '../helpers/tables.ts';

const FAST = { limit: 1000, windowMs: 1000 };

/** Each test syncs from a backup of the same typical account (3,000 plays), made once for the file. */
const backedUp = sharedBackup(test, { profile: 'typical', seed: 21, rateLimit: FAST });

async function expectExact(t: import('ava').ExecutionContext, db: string, truth: Record<string, unknown>) {
  await withDuck(db, async (duck) => {
    for (const table of ACCOUNT_TABLES) {
      const expected = truth[table] as Record<string, unknown>[];
      t.deepEqual(
        diffTable(table, await readTable(duck, table), expected, { allowExtra: MEDIA.has(table) }),
        [],
        `table ${table}`,
      );
    }
  });
}

/** API requests (not control routes) since the log was cleared. */
function apiRequests(sim: Awaited<ReturnType<typeof startSimulator>>) {
  return sim.requests().filter((r) => !r.path.startsWith('/_sim'));
}

test('a sync when nothing changed makes at most 2 requests and changes nothing', async (t) => {
  const { sim, ws } = await fromSharedBackup(t, backedUp());
  sim.clearRequests();
  const summary = await runAgainst(sim, ws, { mode: 'sync' });
  t.true(apiRequests(sim).length <= 2, `made ${apiRequests(sim).length} requests`);
  t.is(
    summary.extract.outcomes.reduce((n, o) => n + o.inserted + o.updated + o.deleted, 0),
    0,
  );
});

test('30 new plays cost about 1 + ceil(30/250) requests plus a small constant', async (t) => {
  const { sim, ws } = await fromSharedBackup(t, backedUp());
  sim.mutate.addPlays(30);
  sim.clearRequests();
  await runAgainst(sim, ws, { mode: 'sync' });
  const history = apiRequests(sim).filter((r) => r.path.includes('/history'));
  t.log(
    `requests: ${apiRequests(sim)
      .map((r) => r.path)
      .join(', ')}`,
  );
  t.true(history.length <= 3, `history requests: ${history.length}`);
  await expectExact(t, ws.db, sim.truth() as unknown as Record<string, unknown>);
});

test('backdated plays, removed plays, ratings, watchlist and list changes all reach the mirror', async (t) => {
  const { sim, ws } = await fromSharedBackup(t, backedUp());
  const truth = sim.truth() as unknown as Record<string, Record<string, unknown>[]>;
  sim.mutate.addPlays(2, { backdated: true });
  const removed = sim.mutate.removePlays({ count: 3 });
  const [rated, unrated] = truth['ratings'] as { media_type: string; trakt_id: number; rating: number }[];
  if (rated === undefined || unrated === undefined) throw new Error('the typical profile has ratings');
  sim.mutate.rate(rated.media_type as never, rated.trakt_id, rated.rating === 10 ? 1 : rated.rating + 1);
  sim.mutate.unrate(unrated.media_type as never, unrated.trakt_id);
  sim.mutate.watchlistRemove({ count: 2 });
  const bigList = (truth['lists'] as { list_trakt_id: number; item_count: number }[]).find(
    (l) => l.item_count > 250,
  );
  if (bigList === undefined) throw new Error('the typical profile has a list of more than 250 items');
  sim.mutate.listAddItems(bigList.list_trakt_id, 1);
  sim.mutate.listCreate('A new list');
  sim.clearRequests();
  await runAgainst(sim, ws, { mode: 'sync' });
  t.log(`mutation mix: ${apiRequests(sim).length} requests`);
  await expectExact(t, ws.db, sim.truth() as unknown as Record<string, unknown>);
  await withDuck(ws.db, async (duck) => {
    const deletes = await duck.all<{ key: string; old_row: string }>(
      "SELECT key, old_row FROM change_log WHERE table_name = 'plays' AND op = 'delete'",
    );
    t.deepEqual(deletes.map((d) => Number(d.key)).sort(), [...removed].sort());
    t.true(deletes.every((d) => JSON.parse(d.old_row).history_id !== undefined));
  });
});

test('a play of a movie off the watchlist costs the watchlist one count request; a count that differs re-pulls it', async (t) => {
  const { sim, ws } = await fromSharedBackup(t, backedUp());
  const truth = sim.truth() as unknown as Record<string, Record<string, unknown>[]>;
  const listed = new Set(
    (truth['watchlist'] ?? []).filter((w) => w['media_type'] === 'movie').map((w) => w['trakt_id']),
  );
  const movie = (truth['movies'] ?? []).find((m) => !listed.has(m['trakt_id']));
  if (movie === undefined) throw new Error('the typical profile has a movie off the watchlist');
  const watchlistRequests = () => apiRequests(sim).filter((r) => r.path.startsWith('/sync/watchlist'));

  // Only movies.watched_at moves: Trakt's count equals ours, so the watchlist is not paged.
  sim.mutate.addPlays(1, { media: 'movie', traktId: movie['trakt_id'] as number });
  sim.clearRequests();
  await runAgainst(sim, ws, { mode: 'sync' });
  t.deepEqual(
    watchlistRequests().map((r) => r.query['limit']),
    ['1'],
  );
  await expectExact(t, ws.db, sim.truth() as unknown as Record<string, unknown>);

  // The same move with a watchlist row missing locally: the counts differ, so every page is fetched.
  const writer = await Duck.open(ws.db);
  await writer.run('DELETE FROM watchlist WHERE list_item_id = (SELECT min(list_item_id) FROM watchlist)');
  writer.close();
  sim.mutate.addPlays(1, { media: 'movie', traktId: movie['trakt_id'] as number });
  sim.clearRequests();
  await runAgainst(sim, ws, { mode: 'sync' });
  t.is(watchlistRequests()[0]?.query['limit'], '1');
  t.true(
    watchlistRequests().some((r) => r.query['limit'] === '250'),
    'the watchlist was paged again',
  );
  await expectExact(t, ws.db, sim.truth() as unknown as Record<string, unknown>);
});
