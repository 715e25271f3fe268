import { existsSync } from 'node:fs';
import { cp, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { runAgainst, type Workspace, workspace } from '../../helpers/backup.ts';
import { cliEnv, describeExit, runCli, startCli } from '../../helpers/cli.ts';
import { diffTable, keyOf, withDuck } from '../../helpers/tables.ts';
import { COMPARED, duplicateKeys, runs, snapshot, type Tables } from './db-check.ts';
import { describePoint, type KillPoint, signalAt } from './kill-points.ts';
import { simulator, type TrialRecord } from './trial.ts';

function differences(actual: Tables, expected: Tables): string[] {
  const problems: string[] = [];
  for (const table of COMPARED) {
    const rows = new Map((actual[table] ?? []).map((r) => [keyOf(table, r), r]));
    problems.push(...diffTable(table, rows, expected[table] ?? [], { limit: 4 }));
  }
  return problems;
}

/** Files a killed rebuild left beside its target (its unfinished copy). */
async function leftovers(target: string): Promise<string[]> {
  const prefix = `${basename(target)}.rebuild-`;
  return (await readdir(dirname(target))).filter((name) => name.startsWith(prefix));
}

export interface ArchivedAccount {
  ws: Workspace;
  /** The database the archive was made with: what every rebuild must give. */
  reference: Tables;
}

/** The archive rebuild trials restore from: a backup of the tiny account (one per test, copied per trial). */
export async function archivedAccount(t: ExecutionContext, seed: number): Promise<ArchivedAccount> {
  const sim = await simulator(t, seed);
  const ws = await workspace(t);
  await runAgainst(sim, ws, { mode: 'backup' });
  return { ws, reference: await withDuck(ws.db, snapshot) };
}

/** A fresh copy of the archived account's database and archive, for one trial. */
async function copyOf(t: ExecutionContext, account: ArchivedAccount): Promise<Workspace> {
  const ws = await workspace(t);
  await cp(account.ws.archive, ws.archive, { recursive: true });
  await cp(account.ws.db, ws.db);
  return ws;
}

/**
 * Crash trials of `rebuild` on one copy of the archived account: SIGKILL it
 * at each point in turn (over the database, which must stay as it was, or
 * into a new file), checking what each kill left, then run it to completion
 * and compare the result with the database the archive was made from.
 */
export async function crashRebuild(
  t: ExecutionContext,
  account: ArchivedAccount,
  options: { seed: number; points: KillPoint[]; overExisting: boolean },
): Promise<{ trials: (TrialRecord & { leftovers: number })[]; problems: string[] }> {
  const { reference } = account;
  const ws = await copyOf(t, account);
  const target = options.overExisting ? ws.db : join(ws.dir, 'restored.duckdb');
  const where = options.overExisting ? 'over the database' : 'into a new file';
  const env = cliEnv(ws, undefined);
  const args = ['rebuild', '--db', target, '--archive', ws.archive];
  const trials: (TrialRecord & { leftovers: number })[] = [];

  for (const point of options.points) {
    const problems: string[] = [];
    const kill = await signalAt(startCli(args, { env }), point, {});
    if (!kill.killed && kill.exit.code !== 0)
      problems.push(`the unkilled rebuild failed: ${describeExit(kill.exit)}`);
    let phase = kill.killed ? 'before the swap' : 'finished first';
    if (existsSync(target)) {
      // Either the old database, untouched, or the finished copy swapped in: both equal the reference.
      const state = await withDuck(target, async (duck) => {
        problems.push(...(await duplicateKeys(duck)).map((p) => `after the kill, duplicate keys: ${p}`));
        return { tables: await snapshot(duck), ledger: await runs(duck) };
      });
      problems.push(...differences(state.tables, reference).map((p) => `after the kill: ${p}`));
      if (kill.killed && state.ledger.some((r) => r.mode === 'rebuild')) phase = 'after the swap';
    } else if (options.overExisting) {
      problems.push('the kill left no database at all');
    }
    const label = `rebuild ${where}, seed ${options.seed}, kill ${describePoint(point)}`;
    trials.push({ label, killed: kill.killed, phase, problems, leftovers: (await leftovers(target)).length });
  }

  const problems: string[] = [];
  // In-process: the final run is checked for what it leaves, which no process boundary changes.
  const rerun = await runCli(args, { env });
  if (rerun.code !== 0) {
    problems.push(`the rerun failed: ${describeExit(rerun)}`);
    return { trials, problems };
  }
  const left = await leftovers(target);
  if (left.length > 0) problems.push(`the rerun left copies of killed rebuilds: ${left.join(', ')}`);
  await withDuck(target, async (duck) => {
    problems.push(...differences(await snapshot(duck), reference));
    const ledger = await runs(duck);
    if (ledger.length !== 1 || ledger[0]?.mode !== 'rebuild' || ledger[0]?.status !== 'succeeded') {
      problems.push(`the rebuilt ledger is ${JSON.stringify(ledger)}`);
    }
  });
  return { trials, problems };
}
