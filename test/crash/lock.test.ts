import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';
import { checkArchive } from './helpers/archive-check.ts';
import { cliEnv, describeExit, runCli, startCli, storageArgs } from './helpers/cli.ts';
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
  const first = startCli(args, env);
  // Once the simulator has seen a request, the first sync holds the database.
  t.truthy(await reach(first, { after: 'requests', n: 1, delayMs: 0 }, { sim }), 'the first sync started');
  const second = await runCli(args, env);
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
  const killed = await signalAt(startCli(args, env), { after: 'requests', n: 3, delayMs: 0 }, { sim });
  t.true(killed.killed, describeExit(killed.exit));
  const next = await runCli(args, env);
  t.is(next.code, 0, describeExit(next));
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(
      (await runs(duck)).map((r) => `${r.mode} ${r.status}`),
      ['backup succeeded', 'sync-full interrupted', 'sync-full succeeded'],
    );
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []);
  });
});
