import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/index.ts';
import { type BenchContext, connection } from '../context.ts';
import { type ChildMeasures, runChild } from '../spawn.ts';
import type { ArchiveTask } from '../tasks/archive-task.ts';
import type { ReadJsonTask } from '../tasks/readjson-task.ts';
import type { RebuildTask, RebuildTaskResult } from '../tasks/rebuild-task.ts';
import type { ReportsTask } from '../tasks/reports-task.ts';
import { warpedNow } from '../warp.ts';

export type RebuildRun = RebuildTaskResult & ChildMeasures;
export type ReadJsonRun = { wallMs: number; rows: number } & ChildMeasures;

export interface LoadSection {
  profile: string;
  archive: { wallMs: number; requests: number; simStartMs: number } & ChildMeasures;
  rebuild: RebuildRun;
  readJson: ReadJsonRun[];
  reports: { byReport: Record<string, number>; rows: Record<string, number> } & ChildMeasures;
}

/** `rebuild` of an archive into a fresh database. */
export function rebuildArchive(ctx: BenchContext, archive: string, name: string): Promise<RebuildRun> {
  ctx.log(`rebuild of ${name} ...`);
  return runChild<RebuildTaskResult>('rebuild', {
    archive,
    db: join(ctx.dir, `rebuild-${name}.duckdb`),
  } satisfies RebuildTask);
}

/**
 * Sections 3 and 5 (and half of 4): the large account's archive, written
 * by the backup's own extractor against a simulator with an unlimited
 * budget; its rebuild; DuckDB's read_json of the same plays; every report
 * on the rebuilt database.
 */
export async function loadSection(ctx: BenchContext): Promise<LoadSection> {
  ctx.log(`generating the ${ctx.profiles.large} account ...`);
  const simStarted = performance.now();
  const sim = await startSimulator({
    profile: ctx.profiles.large,
    seed: 1,
    rateLimit: { limit: 1_000_000_000, windowMs: ctx.budget.windowMs },
    clock: () => warpedNow(ctx.warp, Date.now()),
  });
  const simStartMs = performance.now() - simStarted;
  const archiveDir = join(ctx.dir, `archive-${ctx.profiles.large}`);
  let archive: { wallMs: number; requests: number } & ChildMeasures;
  try {
    ctx.log(`writing the ${ctx.profiles.large} archive ...`);
    archive = await runChild<{ wallMs: number; requests: number }>('archive', {
      ...connection(sim),
      archive: archiveDir,
      concurrency: ctx.concurrency,
      warp: ctx.warp,
    } satisfies ArchiveTask);
  } finally {
    await sim.close();
  }
  const rebuild = await rebuildArchive(ctx, archiveDir, ctx.profiles.large);
  const readJson: ReadJsonRun[] = [];
  for (let i = 1; i <= ctx.repeats; i += 1) {
    ctx.log(`DuckDB read_json of the same plays ${i}/${ctx.repeats} ...`);
    readJson.push(
      await runChild<{ wallMs: number; rows: number }>('readjson', {
        archive: archiveDir,
        db: join(ctx.dir, `readjson-${i}.duckdb`),
      } satisfies ReadJsonTask),
    );
  }
  ctx.log('reports ...');
  const reports = await runChild<{ byReport: Record<string, number>; rows: Record<string, number> }>(
    'reports',
    {
      db: join(ctx.dir, `rebuild-${ctx.profiles.large}.duckdb`),
      repeats: ctx.repeats,
      year: 2026,
    } satisfies ReportsTask,
  );
  return { profile: ctx.profiles.large, archive: { ...archive, simStartMs }, rebuild, readJson, reports };
}
