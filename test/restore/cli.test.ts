import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { cliEnv, describeExit, runCli, storageArgs } from '../helpers/cli.ts';
import { FAST_SIM, writes } from './helpers.ts';

// The CLI itself: exit codes, the one-sentence refusal, and what stdout holds.
test('the CLI: a migration is refused with exit 2 naming --allow-other-account; a dry run prints the six columns as JSON', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 31, ...FAST_SIM });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws);
  sim.mutate.removePlays({ count: 3 });
  sim.clearRequests();

  const other = cliEnv(ws, sim, { TRAKT_ACCESS_TOKEN: sim.second.accessToken });
  const refused = await runCli(['restore', '--apply', ...storageArgs(ws), '--write-rate', '1/0.02'], {
    env: other,
  });
  t.is(refused.code, 2, describeExit(refused));
  t.is(
    refused.stderr.trim(),
    `traktdb: ${ws.db} is a backup of traktdb-viewer, but the signed-in account is traktdb-newcomer; nothing was written. Pass --allow-other-account to restore it into traktdb-newcomer (a migration).`,
  );
  t.is(refused.stdout, '');
  t.deepEqual(writes(sim), []);

  const dry = await runCli(['restore', '--format', 'json', '--quiet', ...storageArgs(ws)], {
    env: cliEnv(ws, sim),
  });
  t.is(dry.code, 0, describeExit(dry));
  const rows = JSON.parse(dry.stdout) as Record<string, unknown>[];
  t.deepEqual(
    rows.map((r) => Object.keys(r)),
    Array.from({ length: 6 }, () => [
      'resource',
      'planned',
      'already_there',
      'written',
      'not_found',
      'refused',
    ]),
  );
  t.deepEqual(rows[0], {
    resource: 'history',
    planned: 3,
    already_there: 57,
    written: 0,
    not_found: 0,
    refused: 0,
  });
  t.deepEqual(writes(sim), []);
});
