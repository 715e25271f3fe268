import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { cliEnv, describeExit, spawnCli, startCli, storageArgs } from '../helpers/cli.ts';
import { withDuck } from '../helpers/tables.ts';
import { checkArchive } from './helpers/archive-check.ts';
import { exactProblems, runs, type Tables } from './helpers/db-check.ts';
import { reach, signalAt } from './helpers/kill-points.ts';
import { FAST } from './helpers/trial.ts';

/** The error shape of the contract: one line, `traktdb: ` and a sentence, and no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  if (lines.length !== 1 || !lines[0]?.startsWith('traktdb: ') || /^\s+at /m.test(stderr)) {
    throw new Error(`not one clear line:\n${stderr}`);
  }
  return lines[0];
}

test('a second sync while one runs exits 1 at once with one sentence, and the first completes exactly', async (t) => {
  // Each answer takes 300 ms, so the first sync is still running when the second starts.
  const sim = await startSimulator({ profile: 'tiny', seed: 500, rateLimit: FAST, latencyMs: 300 });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws, { mode: 'backup' });
  sim.mutate.addPlays(3);
  const env = cliEnv(ws, sim);
  const args = ['sync', '--full', ...storageArgs(ws)];
  const first = startCli(args, { env });
  // Once the simulator has seen a request, the first sync holds the database.
  t.truthy(await reach(first, { after: 'requests', n: 1, delayMs: 0 }, { sim }), 'the first sync started');
  const second = await spawnCli(args, { env });
  t.is(first.child.exitCode, null, 'the first sync was still running when the second ended');
  t.is(second.code, 1, describeExit(second));
  t.regex(
    oneLine(second.stderr),
    new RegExp(
      `^traktdb: ${ws.db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another traktdb process \\(pid ${first.pid}\\); retry when it finishes`,
    ),
  );
  t.true(second.ms < 15_000, `the second sync took ${second.ms} ms to give up`);
  const done = await first.exited;
  t.is(done.code, 0, describeExit(done));
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []);
    // The second sync left no trace: two runs (the backup and the first sync), both succeeded.
    t.deepEqual(
      (await runs(duck)).map((r) => `${r.mode} ${r.status}`),
      ['backup succeeded', 'sync-full succeeded'],
    );
  });
  t.is((await checkArchive(ws.archive)).runs, 2, 'the second sync made no archive run');
});

test('the lock of a SIGKILLed sync is gone: the next sync runs at once and records the killed run as interrupted', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 501, rateLimit: FAST, latencyMs: 100 });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws, { mode: 'backup' });
  sim.mutate.addPlays(3);
  const env = cliEnv(ws, sim);
  const args = ['sync', '--full', ...storageArgs(ws)];
  const killed = await signalAt(startCli(args, { env }), { after: 'requests', n: 3, delayMs: 0 }, { sim });
  t.true(killed.killed, describeExit(killed.exit));
  const next = await spawnCli(args, { env });
  t.is(next.code, 0, describeExit(next));
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(
      (await runs(duck)).map((r) => `${r.mode} ${r.status}`),
      ['backup succeeded', 'sync-full interrupted', 'sync-full succeeded'],
    );
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []);
  });
});

test('rebuild refuses a database a sync is writing; once free it rebuilds and removes copies killed rebuilds left', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 502, rateLimit: FAST, latencyMs: 300 });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws, { mode: 'backup' });
  sim.mutate.addPlays(3);
  const env = cliEnv(ws, sim);
  const sync = startCli(['sync', '--full', ...storageArgs(ws)], { env });
  t.truthy(await reach(sync, { after: 'requests', n: 1, delayMs: 0 }, { sim }), 'the sync started');
  const refused = await spawnCli(['rebuild', ...storageArgs(ws)], { env });
  t.is(sync.child.exitCode, null, 'the sync was still running when the rebuild gave up');
  t.is(refused.code, 1, describeExit(refused));
  t.regex(
    oneLine(refused.stderr),
    / is in use by another traktdb process \(pid \d+\); retry when it finishes/,
  );
  t.deepEqual(await copies(ws.db), [], 'the refused rebuild left no copy');
  t.is((await sync.exited).code, 0);

  // A copy of a rebuild that was killed (its process is gone), and one of a rebuild still running.
  const dead = await exitedPid();
  await writeFile(`${ws.db}.rebuild-${dead}`, 'unfinished');
  await writeFile(`${ws.db}.rebuild-${dead}.wal`, 'unfinished');
  await writeFile(`${ws.db}.rebuild-${process.pid}`, 'in progress');
  const rebuilt = await spawnCli(['rebuild', ...storageArgs(ws)], { env });
  t.is(rebuilt.code, 0, describeExit(rebuilt));
  t.deepEqual(await copies(ws.db), [`${basename(ws.db)}.rebuild-${process.pid}`]);
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []);
  });
});

async function copies(db: string): Promise<string[]> {
  return (await readdir(dirname(db))).filter((name) => name.startsWith(`${basename(db)}.rebuild-`));
}

/** The pid of a process that has exited. */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}
