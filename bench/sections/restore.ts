import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../src/simulator/index.ts';
import { apiRequests, type BenchContext, connection } from '../context.ts';
import { budgetBound } from '../minimum.ts';
import { type ChildMeasures, runChild } from '../spawn.ts';
import type { RestoreTask, RestoreTaskResult } from '../tasks/restore-task.ts';
import { wallMsToNextWindow } from '../warp.ts';

/**
 * Section 6: `restore` after a loss of every kind, on the database the
 * syncs left (it mirrors the account): a dry run, `--apply`, and `--apply`
 * again. Writes made are compared with the fewest the plan allows
 * (ceil(items / 100) per resource, one more per list to create), wall time
 * with the budget bound: the GET windows the two reads of the account need,
 * plus one write per second for every write after the first.
 */
export interface RestoreRun extends RestoreTaskResult, ChildMeasures {
  /** POST requests the simulator saw, by resource path (list ids folded). */
  serverWrites: Record<string, number>;
  serverReads: number;
}

export interface RestoreSection {
  profile: string;
  /** When, and at what load average (1, 5, 15 min), this section ran (bench/restore-only.ts runs it alone). */
  measuredAt: string;
  load: number[];
  /** What the loss took, per resource (the dry run's `planned`). */
  planned: Record<string, number>;
  dryRun: RestoreRun;
  apply: RestoreRun;
  again: RestoreRun;
  /** Plays, ratings, watchlist, favorites, collection and lists equal the account before the loss. */
  exact: boolean;
  writeBoundMs: number;
  readBoundMs: number;
}

type Truth = ReturnType<Simulator['truth']>;

function keys(truth: Truth): string {
  const items = (rows: { media_type: string; trakt_id: number }[]) =>
    rows.map((r) => `${r.media_type}:${r.trakt_id}`).sort();
  // Lists another user owns (collaborations) are not the account's to restore (docs/account.md).
  const own = truth.lists.filter((l) => !l.collaboration);
  const lists = new Map(own.map((l) => [l.list_trakt_id, l.name]));
  return JSON.stringify({
    plays: truth.plays
      .map(
        (p) =>
          `${p.media_type}:${p.movie_trakt_id ?? p.episode_trakt_id}:${Math.floor(Date.parse(p.watched_at) / 60_000)}`,
      )
      .sort(),
    ratings: truth.ratings.map((r) => `${r.media_type}:${r.trakt_id}=${r.rating}`).sort(),
    watchlist: items(truth.watchlist),
    favorites: items(truth.favorites),
    collection: items(truth.collection),
    lists: own.map((l) => l.name).sort(),
    items: truth.list_items
      .filter((i) => lists.has(i.list_trakt_id))
      .map((i) => `${lists.get(i.list_trakt_id)}/${i.media_type}:${i.trakt_id}`)
      .sort(),
  });
}

/** A loss of every kind, about 5% of the account, a whole list and part of another. */
function lose(sim: Simulator): void {
  const truth = sim.truth();
  const share = (n: number, min = 1) => Math.max(min, Math.floor(n * 0.05));
  sim.mutate.removePlays({ count: Math.min(5_000, share(truth.plays.length)) });
  const ratings = sim.sample('ratings', share(truth.ratings.length, 2));
  for (const [i, r] of ratings.entries()) {
    if (i % 2 === 0) sim.mutate.unrate(r.media_type as never, r.trakt_id);
    else sim.mutate.rate(r.media_type as never, r.trakt_id, r.rating === 10 ? 1 : r.rating + 1);
  }
  sim.mutate.watchlistRemove({ count: share(truth.watchlist.length) });
  sim.mutate.favoritesRemove({ count: 2 });
  for (const c of sim.sample('collection', share(truth.collection.length))) {
    sim.mutate.uncollect(c.media_type as never, c.trakt_id);
  }
  const lists = truth.lists.filter((l) => !l.collaboration).sort((a, b) => b.item_count - a.item_count);
  const whole = lists.find((l) => l.item_count <= 1_000) ?? lists[lists.length - 1];
  const partly = lists.find((l) => l !== whole);
  if (whole !== undefined) sim.mutate.listDelete(whole.list_trakt_id);
  if (partly !== undefined) sim.mutate.listRemoveItems(partly.list_trakt_id, Math.min(10, partly.item_count));
}

function foldPath(path: string): string {
  return path.replace(/\/lists\/\d+\/items/, '/lists/{id}/items');
}

export async function restoreSection(
  ctx: BenchContext,
  sim: Simulator,
  workspace: string,
): Promise<RestoreSection> {
  const before = keys(sim.truth());
  lose(sim);
  const task = (apply: boolean): RestoreTask => ({
    apply,
    ...connection(sim),
    db: join(workspace, 'trakt.duckdb'),
    configHome: join(workspace, 'config'),
    concurrency: ctx.concurrency,
    warp: ctx.warp,
  });
  const run = async (what: string, apply: boolean): Promise<RestoreRun> => {
    // Start with a fresh GET window, as the backups do, so the bound starts with a full one.
    await new Promise((resolve) =>
      setTimeout(resolve, wallMsToNextWindow(ctx.warp, ctx.budget.windowMs, Date.now()) + 2),
    );
    ctx.log(`restore: ${what} ...`);
    const seen = apiRequests(sim).length;
    const result = await runChild<RestoreTaskResult>('restore', task(apply));
    const requests = apiRequests(sim).slice(seen);
    const serverWrites: Record<string, number> = {};
    for (const r of requests.filter((x) => x.method !== 'GET')) {
      serverWrites[foldPath(r.path)] = (serverWrites[foldPath(r.path)] ?? 0) + 1;
    }
    ctx.log(`  ${result.writes} writes, ${result.requests} requests, ${(result.wallMs / 1000).toFixed(1)} s`);
    return { ...result, serverWrites, serverReads: requests.filter((x) => x.method === 'GET').length };
  };
  const dryRun = await run('dry run', false);
  const apply = await run('--apply', true);
  const exact = keys(sim.truth()) === before;
  const again = await run('--apply again', true);
  const spacing = 1000 / ctx.warp.factor;
  const window = ctx.budget.windowMs / ctx.warp.factor;
  return {
    profile: ctx.profiles.main,
    measuredAt: new Date().toISOString(),
    load: loadavg().map((x) => Math.round(x * 100) / 100),
    planned: Object.fromEntries(dryRun.rows.map((r) => [r.resource, r.planned])),
    dryRun,
    apply,
    again,
    exact,
    writeBoundMs: Math.max(0, apply.writes - 1) * spacing,
    readBoundMs: budgetBound({
      requests: apply.serverReads,
      budget: ctx.budget.limit,
      windowMs: window,
      latencyMs: 10,
      concurrency: ctx.concurrency,
    }),
  };
}
