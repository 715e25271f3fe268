import { join } from 'node:path';
import { catalog } from '../../pipelines/catalog.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import type { BaselineResult } from '../baseline.ts';
import { apiRequests, type BenchContext, connection } from '../context.ts';
import { backupShape, budgetBound, pagedRequests, type TruthTables, untilEmptyRequests } from '../minimum.ts';
import { type ChildMeasures, runChild } from '../spawn.ts';
import type { BaselineTask } from '../tasks/baseline-task.ts';
import type { PullTask, PullTaskResult } from '../tasks/pull-task.ts';

export interface ServerView {
  /** API requests the simulator served. */
  requests: number;
  budget429: number;
  lockout429: number;
  fault429: number;
  /** CPU the simulator (this process) used meanwhile, ms. */
  simCpuMs: number;
}

export type BackupRun = PullTaskResult &
  ChildMeasures & { server: ServerView; boundMs: number; workspace: string };
export type BaselineRun = BaselineResult & ChildMeasures & { wallMs: number; server: ServerView };

export interface BackupSection {
  profile: string;
  truthCounts: Record<string, number>;
  /** Fewest requests a complete backup can make (pages of 250, the page count known from page 1). */
  minimum: number;
  /** The naive exporter's requests predicted from the truth: pages of 100 until an empty page. */
  naivePredicted: number;
  /** Pages of 100 knowing the page count: the naive approach without its empty pages. */
  naiveKnownCount: number;
  runs: BackupRun[];
  baseline: BaselineRun;
}

export function serverView(sim: Simulator, simCpuMs: number): ServerView {
  const log = apiRequests(sim);
  return {
    requests: log.length,
    budget429: log.filter((r) => r.rateLimited === 'budget').length,
    lockout429: log.filter((r) => r.rateLimited === 'lockout').length,
    fault429: log.filter((r) => r.rateLimited === 'fault').length,
    simCpuMs,
  };
}

export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Section 1: full backups against the scaled budget, then the naive exporter on the same account. */
export async function backupSection(ctx: BenchContext, sim: Simulator): Promise<BackupSection> {
  const truth = sim.truth() as unknown as TruthTables;
  const shape = backupShape(catalog, truth);
  const truthCounts = Object.fromEntries(
    Object.entries(truth).map(([k, v]) => [k, Array.isArray(v) ? v.length : 0]),
  );
  const runs: BackupRun[] = [];
  for (let i = 1; i <= ctx.backupRuns; i += 1) {
    const workspace = join(ctx.dir, `backup-${i}`);
    ctx.log(`backup ${i}/${ctx.backupRuns} of ${ctx.profiles.main} ...`);
    sim.clearRequests();
    const cpu = process.cpuUsage();
    const result = await runChild<PullTaskResult>('pull', {
      mode: 'backup',
      ...connection(sim),
      db: join(workspace, 'trakt.duckdb'),
      archive: join(workspace, 'raw'),
      configHome: join(workspace, 'config'),
      concurrency: ctx.concurrency,
      warp: ctx.warp,
      alignWindowMs: ctx.budget.windowMs,
    } satisfies PullTask);
    const server = serverView(sim, cpuMsSince(cpu));
    const boundMs = budgetBound({
      requests: result.requests,
      budget: ctx.budget.limit,
      windowMs: ctx.budget.windowMs / ctx.warp.factor,
      latencyMs: result.latencyMs,
      concurrency: ctx.concurrency,
    });
    runs.push({ ...result, server, boundMs, workspace });
    ctx.log(
      `  ${result.requests} requests, ${(result.wallMs / 1000).toFixed(1)} s (bound ${(boundMs / 1000).toFixed(1)} s)`,
    );
  }

  ctx.log(`naive exporter on ${ctx.profiles.main} ...`);
  sim.clearRequests();
  const cpu = process.cpuUsage();
  const baselineResult = await runChild<BaselineResult & { wallMs: number }>('baseline', {
    ...connection(sim),
    out: join(ctx.dir, 'baseline'),
    warp: ctx.warp,
    budget: ctx.budget,
  } satisfies BaselineTask);
  const baseline: BaselineRun = { ...baselineResult, server: serverView(sim, cpuMsSince(cpu)) };
  ctx.log(`  ${baseline.requests} requests, ${(baseline.wallMs / 1000).toFixed(1)} s`);
  return {
    profile: ctx.profiles.main,
    truthCounts,
    minimum: pagedRequests(shape, 250),
    // The naive exporter never asks /sync/last_activities, the one call of traktdb it lacks.
    naivePredicted: untilEmptyRequests(shape, 100) - 1,
    naiveKnownCount: pagedRequests(shape, 100) - 1,
    runs,
    baseline,
  };
}
