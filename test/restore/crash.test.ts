import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import test, { type ExecutionContext } from 'ava';
import type { Duck } from '../../src/load/duck.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { Dice } from '../crash/helpers/kill-points.ts';
import { trialCount } from '../crash/helpers/trial.ts';
import { runAgainst, type Workspace, workspace } from '../helpers/backup.ts';
import { cliEnv, type Running, startCli, storageArgs } from '../helpers/cli.ts';
import { withDuck } from '../helpers/tables.ts';
import { accountKeys, playMultiset, restoreAgainst } from './helpers.ts';

/**
 * Issue 16: SIGKILL during `restore --apply`, before the first batch, between
 * batches and in the middle of one (the write applied, its answer not yet
 * journaled), each followed by a rerun: the account ends exact and never
 * holds a play twice. Writes go one per 40 ms and every answer takes 15 ms,
 * so a kill a few ms after the simulator saw write n lands inside batch n,
 * and one 20-35 ms after it lands between n and n + 1.
 */
const TRIALS = trialCount(10);
const PER_CHAIN = 5;
const SIM = {
  profile: 'tiny' as const,
  rateLimit: { limit: 1000, windowMs: 1000 },
  writeLimit: { limit: 1, windowMs: 10 },
  lockoutMs: 0,
  latencyMs: 15,
};
const ARGS = ['--apply', '--batch-size', '4', '--write-rate', '1/0.04'];

type Intent = 'before' | 'middle' | 'between';
interface Point {
  intent: Intent;
  /** Kill this long after start ('before'), or after the simulator saw write `n`. */
  n: number;
  delayMs: number;
}

interface Trial {
  label: string;
  phase: string;
  problems: string[];
}

function lose(sim: Simulator): void {
  const truth = sim.truth();
  sim.mutate.removePlays({ count: 48 });
  const [r1, r2] = truth.ratings;
  sim.mutate.unrate(r1!.media_type as never, r1!.trakt_id);
  sim.mutate.rate(r2!.media_type as never, r2!.trakt_id, r2!.rating === 10 ? 1 : r2!.rating + 1);
  sim.mutate.watchlistRemove({ count: 2 });
  sim.mutate.favoritesRemove({ count: 1 });
  const collected = truth.collection[0]!;
  sim.mutate.uncollect(collected.media_type as never, collected.trakt_id);
  sim.mutate.listDelete(truth.lists[0]!.list_trakt_id);
  sim.mutate.listRemoveItems(truth.lists[1]!.list_trakt_id, 2);
}

function writesSeen(sim: Simulator): number {
  return sim.requests().filter((r) => r.method === 'POST' && !r.path.startsWith('/_sim')).length;
}

/** Plays the account holds more often than the backup did: a play added twice. */
function duplicatePlays(sim: Simulator, wanted: string[]): string[] {
  const allowed = new Map<string, number>();
  for (const key of wanted) allowed.set(key, (allowed.get(key) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const key of playMultiset(sim.truth())) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen].filter(([key, n]) => n > (allowed.get(key) ?? 0)).map(([key, n]) => `${key} x${n}`);
}

async function killAt(running: Running, sim: Simulator, point: Point): Promise<boolean> {
  let exited = false;
  void running.exited.then(() => {
    exited = true;
  });
  const base = writesSeen(sim);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  if (point.intent !== 'before') {
    while (!exited && writesSeen(sim) - base < point.n) await pause(1);
  }
  if (!exited && point.delayMs > 0) await Promise.race([pause(point.delayMs), running.exited]);
  if (exited) return false;
  running.child.kill('SIGKILL');
  const exit = await running.exited;
  return exit.signal === 'SIGKILL';
}

/** The newest restore run in the database (0 for none). */
async function lastRun(ws: Workspace): Promise<number> {
  if (!existsSync(ws.db)) return 0;
  return withDuck(ws.db, async (duck: Duck) => {
    const tables = await duck.all(
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'restore_runs'",
    );
    if (tables.length === 0) return 0;
    return Number(
      (await duck.one('SELECT coalesce(max(restore_id), 0) AS id FROM restore_runs'))?.['id'] ?? 0,
    );
  });
}

/**
 * Where the kill landed, from the journal it left and the writes the
 * simulator saw: no batch yet; the last batch received by Trakt but its
 * answer not journaled (the middle); or every batch that reached Trakt
 * answered (between: the next one, if journaled, was still waiting for its
 * turn at the write budget).
 */
async function phaseOf(ws: Workspace, killed: boolean, runBefore: number, writes: number): Promise<string> {
  if (!killed) return 'finished first';
  const id = await lastRun(ws);
  if (id <= runBefore) return 'before the first batch';
  return withDuck(ws.db, async (duck: Duck) => {
    const last = await duck.one(
      'SELECT state, batch FROM restore_journal WHERE restore_id = $id ORDER BY batch DESC LIMIT 1',
      { id },
    );
    if (last === undefined) return 'before the first batch';
    const arrived = Number(last['batch']) === writes;
    return last['state'] === 'sent' && arrived ? 'in the middle of a batch' : 'between batches';
  });
}

async function chain(
  t: ExecutionContext,
  seed: number,
  template: Workspace,
  points: Point[],
): Promise<{ trials: Trial[]; problems: string[] }> {
  const sim = await startSimulator({ ...SIM, seed: 300 });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await cp(template.db, ws.db);
  await cp(template.archive, ws.archive, { recursive: true });
  const wanted = accountKeys(sim.truth());
  lose(sim);
  const env = cliEnv(ws, sim);
  const args = ['restore', ...ARGS, ...storageArgs(ws)];
  const trials: Trial[] = [];
  for (const point of points) {
    const label = `chain ${seed}: kill ${point.intent === 'before' ? `${point.delayMs} ms after start` : `${point.delayMs} ms after write #${point.n}`}`;
    const runBefore = await lastRun(ws);
    const writesBefore = writesSeen(sim);
    const killed = await killAt(startCli(args, { env }), sim, point);
    const problems = duplicatePlays(sim, wanted.plays).map((p) => `a play added twice: ${p}`);
    const phase = await phaseOf(ws, killed, runBefore, writesSeen(sim) - writesBefore);
    trials.push({ label, phase, problems });
  }
  const problems: string[] = [];
  // The rerun runs in-process (the CLI's own path is what the kills exercised): same job, same database.
  try {
    const report = await restoreAgainst(sim, ws, { apply: true, batchSize: 4, writeRate: '1/0.04' });
    if (report.unaccounted.length > 0 || report.rows.some((r) => r.written !== r.planned)) {
      problems.push(`the rerun did not write everything: ${JSON.stringify(report.rows)}`);
    }
  } catch (error) {
    problems.push(`the rerun failed: ${(error as Error).message}`);
  }
  const after = accountKeys(sim.truth());
  for (const key of Object.keys(wanted) as (keyof typeof wanted)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(wanted[key]))
      problems.push(`${key} is not exact after the rerun`);
  }
  await withDuck(ws.db, async (duck) => {
    const open = await duck.all(
      "SELECT restore_id, batch FROM restore_journal WHERE state IN ('sent', 'unknown')",
    );
    if (open.length > 0) problems.push(`${open.length} journal batches left unsettled after the rerun`);
    const running = await duck.all("SELECT restore_id FROM restore_runs WHERE status = 'running'");
    if (running.length > 0) problems.push(`${running.length} restore runs still 'running'`);
  });
  return { trials, problems };
}

test(`restore --apply: ${TRIALS} SIGKILLs before, between and in the middle of batches, each chain rerun to an exact account`, async (t) => {
  t.timeout(10 * 60_000);
  const sim = await startSimulator({ ...SIM, seed: 300 });
  t.teardown(() => sim.close());
  const template = await workspace(t);
  await runAgainst(sim, template);
  const intents: Intent[] = ['before', 'middle', 'between'];
  const trials: Trial[] = [];
  const failed: string[] = [];
  for (let seed = 1, left = TRIALS; left > 0; seed += 1) {
    const dice = new Dice(seed);
    const count = Math.min(left, PER_CHAIN);
    const points = Array.from({ length: count }, (_, i): Point => {
      const intent = intents[(seed + i) % intents.length] as Intent;
      // A rerun has less left to write (about 20 writes in all): later kills of a chain come sooner.
      const writes = i === 0 ? 8 : 3;
      // The CLI takes more than 600 ms to start (node, tsx, yargs, DuckDB): a kill before then writes nothing.
      if (intent === 'before') return { intent, n: 0, delayMs: dice.int(0, 600) };
      return {
        intent,
        n: dice.int(1, writes),
        delayMs: intent === 'middle' ? dice.int(0, 6) : dice.int(20, 32),
      };
    });
    left -= count;
    const result = await chain(t, seed, template, points);
    trials.push(...result.trials);
    for (const trial of result.trials) {
      if (trial.problems.length > 0) failed.push(`${trial.label}: ${trial.problems.join('; ')}`);
    }
    if (result.problems.length > 0) failed.push(`chain ${seed}, rerun: ${result.problems.join('; ')}`);
  }
  const phases = new Map<string, number>();
  for (const trial of trials) phases.set(trial.phase, (phases.get(trial.phase) ?? 0) + 1);
  t.log(
    `restore --apply: ${trials.length} trials, ${[...phases].map(([p, n]) => `${n} ${p}`).join(', ')}; every chain ended exact`,
  );
  for (const line of failed) t.log(line);
  t.deepEqual(failed, []);
  t.true(trials.filter((trial) => trial.phase !== 'finished first').length >= Math.min(TRIALS, 8));
});
