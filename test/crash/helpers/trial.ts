import { existsSync } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { type Simulator, startSimulator } from '../../../src/simulator/index.ts';
import { runAgainst, type Workspace, workspace } from '../../helpers/backup.ts';
import { cliEnv, describeExit, runCli, startCli, storageArgs } from '../../helpers/cli.ts';
import { withDuck } from '../../helpers/tables.ts';
import { checkArchive } from './archive-check.ts';
import {
  committedBy,
  duplicateKeys,
  exactProblems,
  rebuildProblems,
  runs,
  snapshot,
  subsetProblems,
  type Tables,
} from './db-check.ts';
import {
  Dice,
  describePoint,
  type KillPoint,
  type KillResult,
  manifestLines,
  signalAt,
} from './kill-points.ts';

export const FAST = { limit: 1000, windowMs: 1000 };

/** What one trial did and everything it found wrong (empty = the guarantees held). */
export interface TrialRecord {
  label: string;
  killed: boolean;
  /** Where the kill landed: before the run row, while fetching, after the last request. */
  phase: string;
  problems: string[];
}

/** How far a complete run of the command goes, so kill points can be drawn over it. */
export interface Extent {
  requests: number;
  manifestLines: number;
  progressLines: number;
  /** Delays after start are drawn up to this: the CLI's start-up (one to three seconds) and the run. */
  startWindowMs: number;
}

/**
 * A kill point drawn over a run of the given extent. A run that resumes a
 * killed one has less left to do, so later kills of a chain draw over half
 * the extent (`share`), or they would mostly come after the run finished.
 */
export function drawPoint(dice: Dice, extent: Extent, share = 1): KillPoint {
  const kind = dice.pick(['start', 'requests', 'manifest', 'progress'] as const);
  // Start-up (node, tsx, yargs, DuckDB) takes one to three seconds before the run's first write.
  if (kind === 'start')
    return { after: 'start', delayMs: dice.int(0, Math.round(extent.startWindowMs * share)) };
  const full =
    kind === 'requests' ? extent.requests : kind === 'manifest' ? extent.manifestLines : extent.progressLines;
  const total = Math.max(1, Math.round(full * share));
  const n = dice.int(1, total);
  // At the very end, wait longer: the model build and the ledger's last write come after it.
  const delayMs = n >= total ? dice.int(0, 800) : dice.int(0, 60);
  return { after: kind, n, delayMs };
}

export async function simulator(t: ExecutionContext, seed: number): Promise<Simulator> {
  const sim = await startSimulator({ profile: 'tiny', seed, rateLimit: FAST });
  t.teardown(() => sim.close());
  return sim;
}

export type Prepare = (sim: Simulator, ws: Workspace) => Promise<Tables[]>;

/**
 * A backup of the tiny account of one seed, made once per test and copied
 * into each trial's workspace: every simulator started with that seed serves
 * the same account, so the copy is that simulator's backup, made for free.
 */
export interface BackupTemplate {
  seed: number;
  ws: Workspace;
  before: Tables;
}

export async function backupTemplate(t: ExecutionContext, seed: number): Promise<BackupTemplate> {
  const sim = await simulator(t, seed);
  const ws = await workspace(t);
  await runAgainst(sim, ws, { mode: 'backup' });
  return { seed, ws, before: await withDuck(ws.db, snapshot) };
}

/** Copies a template's database and archive into an empty workspace. */
export async function copyTemplate(template: BackupTemplate, ws: Workspace): Promise<Tables> {
  await cp(template.ws.archive, ws.archive, { recursive: true });
  await cp(template.ws.db, ws.db);
  return template.before;
}

/**
 * A backed-up account (from `template` when given, else backed up here),
 * then a mix of every kind of change a sync must find (new, backdated and
 * removed plays, a changed and a removed rating, watchlist and list edits, a
 * new list). Returns the database as backed up: until a sync commits, it may
 * hold only that state's rows.
 */
export const prepareSync =
  (template?: BackupTemplate): Prepare =>
  async (sim, ws) => {
    let before: Tables;
    if (template === undefined) {
      await runAgainst(sim, ws, { mode: 'backup' });
      before = await withDuck(ws.db, snapshot);
    } else {
      before = await copyTemplate(template, ws);
    }
    const truth = sim.truth();
    sim.mutate.addPlays(5);
    // Two backdated and two removed plays: window counts may not see them (they can cancel out);
    // the per-item repair from the watched tables must, however the run is cut short.
    sim.mutate.addPlays(2, { backdated: true });
    sim.mutate.removePlays({ count: 2 });
    const [rated, unrated] = truth.ratings;
    if (rated === undefined || unrated === undefined) throw new Error('the tiny profile has ratings');
    sim.mutate.rate(rated.media_type as never, rated.trakt_id, rated.rating === 10 ? 1 : rated.rating + 1);
    sim.mutate.unrate(unrated.media_type as never, unrated.trakt_id);
    sim.mutate.watchlistRemove({ count: 1 });
    const [first, second] = truth.lists;
    if (first === undefined || second === undefined) throw new Error('the tiny profile has two lists');
    sim.mutate.listAddItems(first.list_trakt_id, 2);
    sim.mutate.listRemoveItems(second.list_trakt_id, 1);
    sim.mutate.listCreate('Crash test list');
    return [before];
  };

/** API requests (not control routes) in the simulator's log, as paths without query. */
export function apiPaths(sim: Simulator): string[] {
  return sim
    .requests()
    .filter((r) => !r.path.startsWith('/_sim'))
    .map((r) => r.path);
}

/** The resources a run's manifest fetched, each with the request paths (no query) it used. */
async function pathsByResource(archive: string, runId: number): Promise<Map<string, Set<string>>> {
  const byResource = new Map<string, Set<string>>();
  const names = existsSync(archive) ? await readdir(archive) : [];
  const dir = names.find((n) => n.endsWith(`-run${runId}`));
  if (dir === undefined) return byResource;
  let text = '';
  try {
    text = await readFile(join(archive, dir, 'manifest.jsonl'), 'utf8');
  } catch {
    return byResource;
  }
  for (const line of text.split('\n')) {
    let entry: { type?: string; resource?: string; path?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (entry.type !== 'response' || entry.resource === undefined || entry.path === undefined) continue;
    const paths = byResource.get(entry.resource) ?? new Set<string>();
    paths.add(entry.path.split('?')[0] as string);
    byResource.set(entry.resource, paths);
  }
  return byResource;
}

interface AfterKill {
  /** The run the kill interrupted, when it got as far as writing its ledger row. */
  killedRunId: number | undefined;
  /** Its status as the kill left it: running, or succeeded when the kill came after its last write. */
  status: string | undefined;
  /** Paths only resources the killed run committed use: later runs must not ask for them. */
  committedPaths: Set<string>;
  committed: string[];
}

/** Checks the database as the kill left it, before anything else opens it for writing. */
async function inspectAfterKill(
  ws: Workspace,
  allowed: Tables[],
  problems: string[],
  knownRuns: number,
): Promise<AfterKill> {
  const nothing = {
    killedRunId: undefined,
    status: undefined,
    committedPaths: new Set<string>(),
    committed: [],
  };
  if (!existsSync(ws.db)) return nothing;
  return withDuck(ws.db, async (duck) => {
    problems.push(...(await duplicateKeys(duck)).map((p) => `after the kill, duplicate keys: ${p}`));
    problems.push(...(await subsetProblems(duck, allowed)).map((p) => `after the kill: ${p}`));
    const ledger = await runs(duck);
    const killed = ledger.find((r) => r.runId > knownRuns);
    if (killed === undefined) return nothing;
    if (killed.status !== 'running' && killed.status !== 'succeeded') {
      problems.push(`the killed run ${killed.runId} says ${killed.status}`);
    }
    const committed = await committedBy(duck, killed.runId);
    const byResource = await pathsByResource(ws.archive, killed.runId);
    const shared = new Set<string>(['/sync/last_activities']);
    for (const [resource, paths] of byResource) {
      if (!committed.includes(resource)) for (const p of paths) shared.add(p);
    }
    const committedPaths = new Set<string>();
    for (const resource of committed) {
      for (const p of byResource.get(resource) ?? []) if (!shared.has(p)) committedPaths.add(p);
    }
    return { killedRunId: killed.runId, status: killed.status, committedPaths, committed };
  });
}

/** The checks after the final run completed: exact tables, ledger, archive, rebuild. */
async function inspectAfterRerun(
  ws: Workspace,
  truth: Tables,
  interrupted: number[],
  problems: string[],
): Promise<void> {
  await withDuck(ws.db, async (duck) => {
    problems.push(...(await exactProblems(duck, truth)));
    problems.push(...(await duplicateKeys(duck)).map((p) => `duplicate keys: ${p}`));
    const ledger = await runs(duck);
    for (const run of ledger.filter((r) => r.status === 'running')) {
      problems.push(`run ${run.runId} is still 'running' after the rerun`);
    }
    for (const runId of interrupted) {
      const status = ledger.find((r) => r.runId === runId)?.status;
      if (status !== 'interrupted') problems.push(`the killed run ${runId} is '${status}', not interrupted`);
    }
    const last = ledger.at(-1);
    if (last?.status !== 'succeeded') problems.push(`the rerun ${last?.runId} is '${last?.status}'`);
  });
  const archive = await checkArchive(ws.archive);
  problems.push(...archive.problems.map((p) => `archive: ${p}`));
  problems.push(...(await rebuildProblems(ws.archive, ws.db, ws.dir)));
}

function phaseOf(kill: KillResult, after: AfterKill, extent: Extent): string {
  if (!kill.killed) return 'finished first';
  if (after.killedRunId === undefined) return 'before the run began';
  if (after.status === 'succeeded') return 'after the run was recorded';
  if (kill.requests === 0) return 'before the first request';
  if (kill.requests < extent.requests) return 'while fetching';
  return 'after the last request';
}

/** Paths a run asked for that an unfinished earlier run had committed. */
function refetched(paths: string[], pending: Map<string, number>): string[] {
  // /users/{id}/stats is also the count that proves the ratings slices (docs/sync.md "Ratings by
  // slices"): asked again for that, it is one read for a resource still due, not a refetch.
  return [...new Set(paths.filter((p) => pending.has(p) && !/^\/users\/[^/]+\/stats$/.test(p)))].map(
    (p) => `${p} (committed by run ${pending.get(p)})`,
  );
}

export interface ChainRecord {
  label: string;
  trials: TrialRecord[];
  /** What the final, complete run found wrong. */
  problems: string[];
}

/**
 * Crash trials of `backup` or `sync` on one account: SIGKILL the CLI at
 * each point in turn (a chain: each kill hits the run that resumes the one
 * killed before it), checking the database every kill leaves, then run the
 * same command to completion and check everything the guarantees promise.
 */
export async function crashChain(
  t: ExecutionContext,
  options: {
    command: 'backup' | 'sync';
    seed: number;
    points: KillPoint[];
    extent: Extent;
    /** Prepares the account (sync: a backup, then mutations); returns the states the database may hold. */
    prepare?: Prepare;
    /** Names the chain in logs (default: the command and the seed). */
    label?: string;
  },
): Promise<ChainRecord> {
  const sim = await simulator(t, options.seed);
  const ws = await workspace(t);
  const allowed = options.prepare ? await options.prepare(sim, ws) : [];
  const truth = sim.truth() as unknown as Tables;
  let knownRuns = existsSync(ws.db) ? (await withDuck(ws.db, runs)).length : 0;
  const env = cliEnv(ws, sim);
  const args = [options.command, ...storageArgs(ws)];
  const label = options.label ?? `${options.command} seed ${options.seed}`;
  const trials: TrialRecord[] = [];
  const interrupted: number[] = [];
  // Paths of resources committed by the unfinished runs since the last one that finished.
  const pending = new Map<string, number>();

  for (const point of options.points) {
    const problems: string[] = [];
    sim.clearRequests();
    const kill = await signalAt(startCli(args, { env }), point, { sim, archive: ws.archive });
    if (!kill.killed && kill.exit.code !== 0)
      problems.push(`the unkilled run failed: ${describeExit(kill.exit)}`);
    const again = refetched(apiPaths(sim), pending);
    if (again.length > 0) problems.push(`fetched again what a killed run had committed: ${again.join(', ')}`);
    const after = await inspectAfterKill(ws, [...allowed, truth], problems, knownRuns);
    if (after.killedRunId !== undefined) knownRuns = after.killedRunId;
    if (!kill.killed || after.status === 'succeeded') pending.clear();
    if (kill.killed && after.status === 'running' && after.killedRunId !== undefined) {
      interrupted.push(after.killedRunId);
      for (const p of after.committedPaths) pending.set(p, after.killedRunId);
    }
    trials.push({
      label: `${label}, kill ${describePoint(point)}`,
      killed: kill.killed,
      phase: phaseOf(kill, after, options.extent),
      problems,
    });
  }

  const problems: string[] = [];
  sim.clearRequests();
  // In-process: the final run is checked for what it leaves, which no process boundary changes.
  const rerun = await runCli(args, { env });
  if (rerun.code !== 0) {
    problems.push(`the rerun failed: ${describeExit(rerun)}`);
    return { label, trials, problems };
  }
  const again = refetched(apiPaths(sim), pending);
  if (again.length > 0)
    problems.push(`the rerun fetched again what a killed run had committed: ${again.join(', ')}`);
  await inspectAfterRerun(ws, truth, interrupted, problems);
  return { label, trials, problems };
}

/** Logs every problem and the spread of kill phases; returns the labels that found problems. */
export function summarize(t: ExecutionContext, what: string, chains: ChainRecord[]): string[] {
  const failed: string[] = [];
  const phases = new Map<string, number>();
  for (const chain of chains) {
    for (const trial of chain.trials) {
      phases.set(trial.phase, (phases.get(trial.phase) ?? 0) + 1);
      if (trial.problems.length > 0) {
        failed.push(trial.label);
        t.log(`${trial.label}:\n  ${trial.problems.join('\n  ')}`);
      }
    }
    if (chain.problems.length > 0) {
      failed.push(`${chain.label}, final run`);
      t.log(`${chain.label}, final run:\n  ${chain.problems.join('\n  ')}`);
    }
  }
  const trials = chains.flatMap((c) => c.trials);
  t.log(
    `${what}: ${trials.length} trials in ${chains.length} chains, ${trials.filter((r) => r.killed).length} killed (${[
      ...phases,
    ]
      .map(([p, n]) => `${n} ${p}`)
      .join(', ')}); every chain ended with a complete run checked exactly`,
  );
  return failed;
}

/** Reads the extent of a complete run from an in-process one against a twin simulator. */
export async function measureExtent(
  t: ExecutionContext,
  seed: number,
  prepare: Prepare | undefined,
  mode: 'backup' | 'sync',
  startWindowMs: number,
): Promise<Extent> {
  const sim = await simulator(t, seed);
  const ws = await workspace(t);
  if (prepare) await prepare(sim, ws);
  const before = await manifestLines(ws.archive);
  sim.clearRequests();
  const summary = await runAgainst(sim, ws, { mode });
  return {
    requests: apiPaths(sim).length,
    manifestLines: (await manifestLines(ws.archive)) - before,
    progressLines: summary.extract.outcomes.filter((o) => o.skipped === undefined).length,
    startWindowMs,
  };
}

/** Trials per command: TRAKTDB_CRASH_TRIALS raises it for a longer run (see scratch/README-guarantees.md). */
export function trialCount(ciDefault: number): number {
  const asked = Number(process.env['TRAKTDB_CRASH_TRIALS']);
  return Number.isInteger(asked) && asked > 0 ? asked : ciDefault;
}

export { Dice, snapshot };
