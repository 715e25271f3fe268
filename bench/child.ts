/**
 * One measured task in a process of its own, so its peak RSS is its own and
 * the simulator's CPU is not on its event loop. Prints one line,
 * `BENCH_RESULT {...}`, with the task's result, its peak RSS (the process's
 * maxRSS, DuckDB's native memory included), the RSS before the work began,
 * and the CPU time it used.
 */
import { type ArchiveTask, archiveTask } from './tasks/archive-task.ts';
import { type BaselineTask, baselineTask } from './tasks/baseline-task.ts';
import { type PullTask, pullTask } from './tasks/pull-task.ts';
import { type ReadJsonTask, readJsonTask } from './tasks/readjson-task.ts';
import { type RebuildTask, rebuildTask } from './tasks/rebuild-task.ts';
import { type ReportsTask, reportsTask } from './tasks/reports-task.ts';
import { type RestoreTask, restoreTask } from './tasks/restore-task.ts';

export const RESULT_PREFIX = 'BENCH_RESULT ';

const TASKS = {
  pull: (input: unknown) => pullTask(input as PullTask),
  baseline: (input: unknown) => baselineTask(input as BaselineTask),
  archive: (input: unknown) => archiveTask(input as ArchiveTask),
  rebuild: (input: unknown) => rebuildTask(input as RebuildTask),
  readjson: (input: unknown) => readJsonTask(input as ReadJsonTask),
  reports: (input: unknown) => reportsTask(input as ReportsTask),
  restore: (input: unknown) => restoreTask(input as RestoreTask),
} as const;

export type TaskName = keyof typeof TASKS;

async function main(): Promise<void> {
  const [name, json] = process.argv.slice(2);
  const task = TASKS[name as TaskName];
  if (task === undefined || json === undefined)
    throw new Error(`usage: child.ts <${Object.keys(TASKS).join('|')}> JSON`);
  const baseRssKb = process.memoryUsage().rss / 1024;
  const cpu = process.cpuUsage();
  const result = await task(JSON.parse(json));
  const used = process.cpuUsage(cpu);
  const peakRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(
    `${RESULT_PREFIX}${JSON.stringify({ ...result, baseRssKb, peakRssKb, cpuMs: (used.user + used.system) / 1000 })}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
