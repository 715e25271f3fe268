import { join } from 'node:path';
import type { Simulator } from '../../src/simulator/index.ts';
import { apiRequests, type BenchContext, connection } from '../context.ts';
import { type ChildMeasures, runChild } from '../spawn.ts';
import type { PullTask, PullTaskResult } from '../tasks/pull-task.ts';
import { warpedNow } from '../warp.ts';
import { cpuMsSince } from './backup.ts';

export interface SyncRun {
  requests: number;
  serverRequests: number;
  wallMs: number;
  rowsChanged: number;
  /** Plays, ratings, watchlist, lists and list items equal the simulator's truth after the sync. */
  exact: boolean;
  result: PullTaskResult & ChildMeasures;
  simCpuMs: number;
}

export interface SyncScenario {
  name: string;
  runs: SyncRun[];
}

type Truth = ReturnType<Simulator['truth']>;

/** The mutation mix of issue 4's tests (test/e2e/sync.test.ts), with fresh picks each time. */
function mutationMix(sim: Simulator, round: number): void {
  const truth = sim.truth();
  sim.mutate.addPlays(2, { backdated: true });
  sim.mutate.removePlays({ count: 3 });
  const [rated, unrated] = sim.sample('ratings', 2);
  if (rated === undefined || unrated === undefined) throw new Error('the profile has no ratings to change');
  sim.mutate.rate(rated.media_type as never, rated.trakt_id, rated.rating === 10 ? 1 : rated.rating + 1);
  sim.mutate.unrate(unrated.media_type as never, unrated.trakt_id);
  sim.mutate.watchlistRemove({ count: 2 });
  const lists = [...truth.lists].sort((a, b) => b.item_count - a.item_count);
  const big = lists.find((l) => l.item_count > 250 && l.item_count < 5000) ?? lists[0];
  if (big === undefined) throw new Error('the profile has no list');
  sim.mutate.listAddItems(big.list_trakt_id, 1);
  sim.mutate.listCreate(`bench list ${round}`);
}

const SCENARIOS: { name: string; mutate: (sim: Simulator, round: number) => void }[] = [
  { name: 'nothing changed', mutate: () => {} },
  { name: '100 new plays', mutate: (sim) => void sim.mutate.addPlays(100) },
  { name: 'mutation mix (issue 4)', mutate: mutationMix },
];

const CHECKED = ['plays', 'ratings', 'watchlist', 'lists', 'list_items'] as const;

function matchesTruth(counts: Record<string, number>, truth: Truth): boolean {
  return CHECKED.every((table) => counts[table] === truth[table].length);
}

/** Waits for the next budget window when this one has fewer than `needed` requests left. */
async function ensureBudget(ctx: BenchContext, sim: Simulator, needed: number): Promise<void> {
  const now = warpedNow(ctx.warp, Date.now());
  const windowStart = Math.floor(now / ctx.budget.windowMs) * ctx.budget.windowMs;
  const used = apiRequests(sim).filter((r) => r.at >= windowStart).length;
  if (ctx.budget.limit - used >= needed) return;
  const wait = (windowStart + ctx.budget.windowMs - now) / ctx.warp.factor + 5;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Section 2: incremental syncs on the database of the first backup. */
export async function syncSection(
  ctx: BenchContext,
  sim: Simulator,
  workspace: string,
): Promise<SyncScenario[]> {
  const scenarios: SyncScenario[] = [];
  for (const scenario of SCENARIOS) {
    const runs: SyncRun[] = [];
    for (let round = 1; round <= ctx.repeats; round += 1) {
      ctx.log(`sync: ${scenario.name} ${round}/${ctx.repeats} ...`);
      scenario.mutate(sim, round);
      const truth = sim.truth();
      await ensureBudget(ctx, sim, 300);
      const before = apiRequests(sim).length;
      const cpu = process.cpuUsage();
      const result = await runChild<PullTaskResult>('pull', {
        mode: 'sync',
        ...connection(sim),
        db: join(workspace, 'trakt.duckdb'),
        archive: join(workspace, 'raw'),
        configHome: join(workspace, 'config'),
        concurrency: ctx.concurrency,
        warp: ctx.warp,
      } satisfies PullTask);
      runs.push({
        requests: result.requests,
        serverRequests: apiRequests(sim).length - before,
        wallMs: result.wallMs,
        rowsChanged: result.rowsChanged,
        exact: matchesTruth(result.tableCounts, truth),
        result,
        simCpuMs: cpuMsSince(cpu),
      });
      ctx.log(`  ${result.requests} requests, ${(result.wallMs / 1000).toFixed(1)} s`);
    }
    scenarios.push({ name: scenario.name, runs });
  }
  return scenarios;
}
