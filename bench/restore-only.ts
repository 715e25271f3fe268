/**
 * Section 6 (restore) alone: a backup of the main account, then
 * restoreSection(). With `--merge` its figures join bench/results/last-run.json,
 * and `npm run bench -- --render bench/results/last-run.json` writes
 * BENCHMARKS.md again without measuring sections 1-5 on a busy machine.
 * Usage: node --import tsx bench/restore-only.ts [heavy|typical|tiny] [--merge]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../src/simulator/index.ts';
import type { BenchContext } from './context.ts';
import { connection } from './context.ts';
import { restoreSection } from './sections/restore.ts';
import { runChild } from './spawn.ts';
import { warpedNow } from './warp.ts';

const profile = (process.argv[2] ?? 'heavy') as 'heavy' | 'typical' | 'tiny';
const started = Date.now();
const dir = await mkdtemp(join(tmpdir(), 'traktdb-bench-restore-'));
const ctx: BenchContext = {
  warp: { origin: started, factor: 60 },
  budget: { limit: 500, windowMs: 300_000 },
  concurrency: 4,
  dir,
  quick: false,
  profiles: { main: profile, large: 'stress' },
  backupRuns: 1,
  repeats: 1,
  log: (line) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`),
};
const sim = await startSimulator({
  profile,
  seed: 1,
  rateLimit: ctx.budget,
  clock: () => warpedNow(ctx.warp, Date.now()),
});
try {
  const ws = join(dir, 'ws');
  ctx.log('backup ...');
  await runChild('pull', {
    mode: 'backup',
    ...connection(sim),
    db: join(ws, 'trakt.duckdb'),
    archive: join(ws, 'raw'),
    configHome: join(ws, 'config'),
    concurrency: ctx.concurrency,
    warp: ctx.warp,
    alignWindowMs: ctx.budget.windowMs,
  });
  const restore = await restoreSection(ctx, sim, ws);
  process.stdout.write(`${JSON.stringify(restore, null, 1)}\n`);
  if (process.argv[3] === '--merge') {
    const path = 'bench/results/last-run.json';
    const saved = JSON.parse(await readFile(path, 'utf8'));
    saved.restore = restore;
    await writeFile(path, `${JSON.stringify(saved, null, 1)}\n`);
    ctx.log(`merged into ${path}`);
  }
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
