import { existsSync } from 'node:fs';
import test from 'ava';
import { workspace } from '../helpers/backup.ts';
import { cliEnv, describeExit, runCli, startCli, storageArgs } from '../helpers/cli.ts';
import { withDuck } from '../helpers/tables.ts';
import { duplicateKeys, exactProblems, runs, subsetProblems, type Tables } from './helpers/db-check.ts';
import { describePoint, type KillPoint, signalAt } from './helpers/kill-points.ts';
import { prepareSync, simulator } from './helpers/trial.ts';

interface Case {
  signal: 'SIGINT' | 'SIGTERM';
  command: 'backup' | 'sync';
  point: KillPoint;
}

// A tiny backup makes 27 requests, a sync of the prepared changes 14: early, middle, and after the
// last request (the model build and the ledger's last write); sync --every below.
const CASES: Case[] = [
  { signal: 'SIGTERM', command: 'backup', point: { after: 'requests', n: 1, delayMs: 0 } },
  { signal: 'SIGINT', command: 'backup', point: { after: 'requests', n: 27, delayMs: 0 } },
  { signal: 'SIGINT', command: 'sync', point: { after: 'requests', n: 8, delayMs: 0 } },
];

for (const [index, c] of CASES.entries()) {
  test(`${c.signal} ${describePoint(c.point)} of a ${c.command}: exit 1, recorded interrupted, next run completes`, async (t) => {
    const sim = await simulator(t, 400 + index);
    const ws = await workspace(t);
    const allowed = c.command === 'sync' ? await prepareSync()(sim, ws) : [];
    const truth = sim.truth() as unknown as Tables;
    const env = cliEnv(ws, sim);
    const args = [c.command, ...storageArgs(ws)];

    const stopped = await signalAt(startCli(args, { env }), c.point, { sim }, c.signal);
    t.true(stopped.killed, `the run ended before the signal: ${describeExit(stopped.exit)}`);
    t.is(stopped.exit.code, 1, describeExit(stopped.exit));
    t.is(stopped.exit.signal, null, 'the process exits by itself, not by the signal');
    const lines = stopped.exit.stderr.trimEnd().split('\n');
    t.is(lines.at(-1), `traktdb: ${c.command} stopped by ${c.signal}; the run is recorded as interrupted.`);
    t.false(/^\s+at /m.test(stopped.exit.stderr), 'no stack trace');

    t.true(existsSync(ws.db));
    await withDuck(ws.db, async (duck) => {
      const ledger = await runs(duck);
      t.is(ledger.at(-1)?.status, 'interrupted', JSON.stringify(ledger));
      t.is(ledger.at(-1)?.mode, c.command);
      t.deepEqual(await duplicateKeys(duck), []);
      t.deepEqual(await subsetProblems(duck, [...allowed, truth]), []);
    });

    // The next run is in-process: what it must find is the database, not a process.
    const next = await runCli(args, { env });
    t.is(next.code, 0, describeExit(next));
    await withDuck(ws.db, async (duck) => {
      t.deepEqual(await exactProblems(duck, truth), []);
      t.is((await runs(duck)).at(-1)?.status, 'succeeded');
    });
  });
}

test('SIGTERM to sync --every during a run: exit 1, the run recorded interrupted, no next run', async (t) => {
  const sim = await simulator(t, 410);
  const ws = await workspace(t);
  await prepareSync()(sim, ws);
  const env = cliEnv(ws, sim);
  const scheduler = startCli(['sync', '--every', '1m', ...storageArgs(ws)], { env });
  const stopped = await signalAt(scheduler, { after: 'requests', n: 3, delayMs: 0 }, { sim }, 'SIGTERM');
  t.true(stopped.killed);
  t.is(stopped.exit.code, 1, describeExit(stopped.exit));
  t.is(
    stopped.exit.stderr.trimEnd().split('\n').at(-1),
    'traktdb: sync stopped by SIGTERM; the run is recorded as interrupted.',
  );
  t.false(/Next sync at/.test(stopped.exit.stderr), 'no next run was scheduled');
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(
      (await runs(duck)).map((r) => `${r.mode} ${r.status}`),
      ['backup succeeded', 'sync interrupted'],
    );
  });
});
