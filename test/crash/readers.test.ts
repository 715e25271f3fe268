import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { type CliResult, cliEnv, describeExit, spawnCli, startCli, storageArgs } from '../helpers/cli.ts';
import { withDuck } from '../helpers/tables.ts';
import { exactProblems, runs, type Tables } from './helpers/db-check.ts';
import { reach } from './helpers/kill-points.ts';
import { FAST } from './helpers/trial.ts';

function lastLine(exit: CliResult): string {
  return exit.stderr.trimEnd().split('\n').at(-1) ?? '';
}

test('report and query while a sync holds the database: they wait, then say it is busy and when to retry', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 900, rateLimit: FAST });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  sim.mutate.addPlays(3);
  const env = cliEnv(ws, sim);
  const holder = startCli(['sync', ...storageArgs(ws)], { env });
  t.teardown(() => {
    holder.child.kill('SIGKILL');
  });
  t.truthy(await reach(holder, { after: 'requests', n: 1, delayMs: 0 }, { sim }), 'the sync started');
  // Frozen mid-run, the sync keeps its lock for as long as the readers try.
  holder.child.kill('SIGSTOP');
  const [report, query] = await Promise.all([
    spawnCli(['report', 'watch-time', '--db', ws.db, '--format', 'json'], { env }),
    spawnCli(['query', 'select count(*) AS n from plays', '--db', ws.db, '--format', 'json'], { env }),
  ]);
  for (const [name, exit] of [
    ['report', report],
    ['query', query],
  ] as const) {
    t.is(exit.code, 1, `${name}: ${describeExit(exit)}`);
    t.is(exit.stdout, '', `${name} printed no data`);
    t.is(
      lastLine(exit),
      `traktdb: ${ws.db} is in use by another traktdb process (pid ${holder.pid}); retry when it finishes`,
      name,
    );
    t.false(/^\s+at /m.test(exit.stderr), `${name}: no stack trace`);
    // It waited for the writer (5 s, src/reports/open-for-reading.ts) before giving up.
    t.true(exit.ms >= 5000, `${name} gave up after ${exit.ms} ms`);
  }
  holder.child.kill('SIGCONT');
  const done = await holder.exited;
  t.is(done.code, 0, describeExit(done));
});

test('a report that starts while a sync holds the database succeeds once the lock is gone', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 901, rateLimit: FAST });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  sim.mutate.addPlays(3);
  const env = cliEnv(ws, sim);
  const holder = startCli(['sync', ...storageArgs(ws)], { env });
  t.truthy(await reach(holder, { after: 'requests', n: 1, delayMs: 0 }, { sim }), 'the sync started');
  holder.child.kill('SIGSTOP');
  const report = startCli(['report', 'watch-time', '--by', 'year', '--db', ws.db, '--format', 'json'], {
    env,
  });
  // The report starts and retries while the sync holds the lock (it waits up to 5 s); the sync then
  // dies and its lock with it. A real process is on the other side, so this waits on a real clock.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  holder.child.kill('SIGKILL');
  const exit = await report.exited;
  t.is(exit.code, 0, describeExit(exit));
  const rows = JSON.parse(exit.stdout) as { period: string; plays: number }[];
  t.true(rows.length > 0 && rows.every((r) => r.plays > 0));
});

test('sync --every holds the database only during a run: a report between runs answers at once', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 902, rateLimit: FAST });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  sim.mutate.addPlays(3);
  const env = cliEnv(ws, sim);
  const scheduler = startCli(['sync', '--every', '1m', ...storageArgs(ws)], { env });
  t.teardown(() => {
    scheduler.child.kill('SIGKILL');
  });
  // The first run happens at once; then it says when the next one is due and sleeps.
  for (let i = 0; i < 600 && !/Next sync at /.test(scheduler.stderr()); i += 1) {
    if (scheduler.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.regex(scheduler.stderr(), /Next sync at \d{4}-\d\d-\d\dT/);
  const report = await spawnCli(['report', 'watch-time', '--by', 'year', '--db', ws.db, '--format', 'json'], {
    env,
  });
  t.is(report.code, 0, describeExit(report));
  t.false(/in use/.test(report.stderr));
  const query = await spawnCli(
    ['query', 'select count(*)::INTEGER AS n from plays', '--db', ws.db, '--format', 'json'],
    { env },
  );
  t.is(query.code, 0, describeExit(query));
  t.deepEqual(JSON.parse(query.stdout), [{ n: (sim.truth() as unknown as Tables)['plays']?.length }]);
  // Between runs, SIGTERM ends the scheduler at once: there is no run to interrupt.
  scheduler.child.kill('SIGTERM');
  const stopped = await scheduler.exited;
  t.is(stopped.code, 0, describeExit(stopped));
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(
      (await runs(duck)).map((r) => `${r.mode} ${r.status}`),
      ['backup succeeded', 'sync succeeded'],
    );
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []);
  });
});
