/**
 * `npm run bench`: traktdb against the bound Trakt's budget implies, against
 * a naive exporter, and against DuckDB's own loader, side by side in one
 * run; prints the table and writes BENCHMARKS.md. `--quick` is a small
 * smoke run (tiny and typical accounts) that writes nothing unless --out is
 * given. See BENCHMARKS.md for what each figure means.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from '../src/simulator/index.ts';
import type { BenchContext } from './context.ts';
import { machine } from './machine.ts';
import { renderMarkdown, renderTable } from './render.ts';
import type { BenchResults } from './results.ts';
import { backupSection } from './sections/backup.ts';
import { loadSection, rebuildArchive } from './sections/load.ts';
import { restoreSection } from './sections/restore.ts';
import { syncSection } from './sections/sync.ts';
import { warpedNow } from './warp.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'backup-runs': { type: 'string' },
    repeats: { type: 'string' },
    keep: { type: 'boolean', default: false },
    // Re-renders BENCHMARKS.md from a saved run (bench/results/last-run.json) without measuring again.
    render: { type: 'string' },
  },
});

if (values.render !== undefined) {
  const saved = JSON.parse(await readFile(values.render, 'utf8')) as BenchResults;
  process.stdout.write(`${renderTable(saved)}\n`);
  await writeFile(values.out ?? 'BENCHMARKS.md', await renderMarkdown(saved));
  process.exit(0);
}

const LAST_RUN = fileURLToPath(new URL('./results/last-run.json', import.meta.url));
const quick = values.quick === true;
const started = Date.now();
const dir = await mkdtemp(join(tmpdir(), 'traktdb-bench-'));
const ctx: BenchContext = {
  // 60x: Trakt's 500 GETs per 300 s become 500 per 5 s of wall time.
  warp: { origin: started, factor: 60 },
  // docs/trakt-api.md §2: GET 500 per 5 minutes (#909).
  budget: { limit: 500, windowMs: 300_000 },
  // The CLI's default --concurrency (docs/configuration.md).
  concurrency: 4,
  dir,
  quick,
  profiles: quick ? { main: 'tiny', large: 'typical' } : { main: 'heavy', large: 'stress' },
  backupRuns: Number(values['backup-runs'] ?? (quick ? 1 : 1)),
  repeats: Number(values.repeats ?? 3),
  log: (line) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`),
};

const before = await machine();
try {
  ctx.log(`generating the ${ctx.profiles.main} account ...`);
  const sim = await startSimulator({
    profile: ctx.profiles.main,
    seed: 1,
    rateLimit: ctx.budget,
    clock: () => warpedNow(ctx.warp, Date.now()),
  });
  let backup: Awaited<ReturnType<typeof backupSection>>;
  let mainRebuild: Awaited<ReturnType<typeof rebuildArchive>>;
  let sync: Awaited<ReturnType<typeof syncSection>>;
  let restore: Awaited<ReturnType<typeof restoreSection>>;
  try {
    backup = await backupSection(ctx, sim);
    const first = backup.runs[0];
    if (first === undefined) throw new Error('no backup run');
    // Before any sync adds runs to the archive: the rebuild reads exactly one backup.
    mainRebuild = await rebuildArchive(ctx, join(first.workspace, 'raw'), ctx.profiles.main);
    sync = await syncSection(ctx, sim, first.workspace);
    // After the syncs the database mirrors the account: the loss restore puts back is all there is.
    restore = await restoreSection(ctx, sim, first.workspace);
  } finally {
    await sim.close();
  }
  const load = await loadSection(ctx);
  const after = await machine();
  const results: BenchResults = {
    meta: {
      date: new Date(started).toISOString(),
      command: `npm run bench${process.argv.slice(2).length > 0 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      totalMs: Date.now() - started,
      quick,
      warpFactor: ctx.warp.factor,
      budget: ctx.budget,
      concurrency: ctx.concurrency,
      profiles: ctx.profiles,
      before,
      after,
    },
    backup,
    sync,
    mainRebuild,
    load,
    restore,
  };
  process.stdout.write(`${renderTable(results)}\n`);
  const out = values.out ?? (quick ? undefined : 'BENCHMARKS.md');
  if (out !== undefined) {
    await writeFile(out, await renderMarkdown(results));
    // The figures behind the file, so its notes can be revised with `--render` without measuring again.
    if (!quick) await writeFile(LAST_RUN, `${JSON.stringify(results, null, 1)}\n`);
    ctx.log(`wrote ${out}`);
  }
} finally {
  if (values.keep === true) ctx.log(`kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
