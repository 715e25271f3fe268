import { existsSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { checkArchive } from '../crash/helpers/archive-check.ts';
import {
  committedBy,
  exactProblems,
  runs,
  snapshot,
  subsetProblems,
  type Tables,
} from '../crash/helpers/db-check.ts';
import { runAgainst, type Workspace, workspace } from '../helpers/backup.ts';
import { type CliResult, cliEnv, describeExit, runCli, spawnCli } from '../helpers/cli.ts';
import { withDuck } from '../helpers/tables.ts';
import { makeReadOnly, makeWritable, smallDisk } from './helpers/disk.ts';

const FAST = { limit: 1000, windowMs: 1000 };
const PRELOAD = fileURLToPath(new URL('./helpers/fs-fault-preload.mjs', import.meta.url));

async function account(t: ExecutionContext, seed: number): Promise<{ sim: Simulator; ws: Workspace }> {
  const sim = await startSimulator({ profile: 'tiny', seed, rateLimit: FAST });
  t.teardown(() => sim.close());
  return { sim, ws: await workspace(t) };
}

/** A backed-up account with changes waiting for the next sync; returns the database as backed up. */
async function backedUp(sim: Simulator, ws: Workspace): Promise<Tables> {
  await runAgainst(sim, ws);
  const before = await withDuck(ws.db, snapshot);
  sim.mutate.addPlays(3);
  sim.mutate.watchlistRemove({ count: 1 });
  return before;
}

/** One line on stderr, `traktdb: ` and a sentence, no stack trace; returns it. */
function oneLine(t: ExecutionContext, exit: CliResult): string {
  const lines = exit.stderr.trimEnd().split('\n');
  t.is(lines.length, 1, `one line on stderr:\n${exit.stderr}`);
  t.false(/^\s+at /m.test(exit.stderr), 'no stack trace');
  t.regex(lines[0] ?? '', /^traktdb: \S/);
  return lines[0] ?? '';
}

function cli(
  ws: Workspace,
  sim: Simulator,
  args: string[],
  extra: Record<string, string> = {},
): Promise<CliResult> {
  const env = cliEnv(ws, sim, extra);
  const argv = ['--rate-limit', '1000/1', '--quiet', ...args];
  // In-process, unless the disk fault is injected into Node's fs by a preload: that needs its own process.
  return extra['NODE_OPTIONS'] === undefined ? runCli(argv, { env }) : spawnCli(argv, { env });
}

test('an archive path under a regular file: exit 1, one sentence, the database as it was', async (t) => {
  const { sim, ws } = await account(t, 800);
  const before = await backedUp(sim, ws);
  const file = join(ws.dir, 'not-a-directory');
  await writeFile(file, 'a file where the archive should be\n');
  const exit = await cli(ws, sim, ['sync', '--db', ws.db, '--archive', join(file, 'raw')]);
  t.is(exit.code, 1, describeExit(exit));
  t.regex(
    oneLine(t, exit),
    /Could not create the archive directory .*not-a-directory\/raw\/.*(ENOTDIR|not a directory)/,
  );
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await subsetProblems(duck, [before]), []);
    t.deepEqual(await exactProblems(duck, before), []);
    const last = (await runs(duck)).at(-1);
    t.is(last?.status, 'failed');
  });
});

test('a database path under a regular file: exit 1, one sentence, nothing created', async (t) => {
  const { sim, ws } = await account(t, 801);
  const file = join(ws.dir, 'not-a-directory');
  await writeFile(file, 'a file where the database directory should be\n');
  const exit = await cli(ws, sim, ['backup', '--db', join(file, 'trakt.duckdb'), '--archive', ws.archive]);
  t.is(exit.code, 1, describeExit(exit));
  t.regex(oneLine(t, exit), /cannot create the directory for database .*not-a-directory\/trakt\.duckdb/);
  t.false(existsSync(ws.archive), 'no archive run was started');
  t.is(sim.requests().length, 0, 'nothing was fetched');
});

test('an archive on a read-only disk: exit 1, one sentence, the database as it was', async (t) => {
  const { sim, ws } = await account(t, 802);
  const before = await backedUp(sim, ws);
  const disk = await smallDisk(t, ws.dir, 'ro-disk', 1 << 20);
  let archive: string;
  let extra: Record<string, string> = {};
  if (disk === undefined) {
    t.log('no tmpfs here (not root?): the read-only file system is injected in Node fs instead');
    archive = join(ws.dir, 'ro-archive');
    extra = {
      NODE_OPTIONS: `--import=${PRELOAD}`,
      TRAKTDB_TEST_FS_DIR: archive,
      TRAKTDB_TEST_FS_ERROR: 'EROFS',
    };
  } else {
    makeReadOnly(disk);
    archive = join(disk, 'raw');
  }
  const exit = await cli(ws, sim, ['sync', '--db', ws.db, '--archive', archive], extra);
  t.is(exit.code, 1, describeExit(exit));
  t.regex(
    oneLine(t, exit),
    /Could not create the archive directory .*: the file system is read-only\. Free space or choose another --archive\./,
  );
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await exactProblems(duck, before), []);
    t.is((await runs(duck)).at(-1)?.status, 'failed');
  });
});

test('the archive disk fills up mid-backup: exit 1, "the disk is full", every committed load archived, next run completes', async (t) => {
  const { sim, ws } = await account(t, 803);
  // A tiny backup archives about 300 kB in 50 files; a quarter of that fills this disk.
  const disk = await smallDisk(t, ws.dir, 'small-disk', 96 * 1024);
  let archive: string;
  let extra: Record<string, string> = {};
  if (disk === undefined) {
    t.log('no tmpfs here (not root?): the full disk is injected in Node fs instead');
    archive = join(ws.dir, 'full-archive');
    extra = {
      NODE_OPTIONS: `--import=${PRELOAD}`,
      TRAKTDB_TEST_FS_DIR: archive,
      TRAKTDB_TEST_FS_ERROR: 'ENOSPC',
      TRAKTDB_TEST_FS_AFTER: '20',
    };
  } else {
    archive = join(disk, 'raw');
  }
  const exit = await cli(ws, sim, ['backup', '--db', ws.db, '--archive', archive], extra);
  t.is(exit.code, 1, describeExit(exit));
  t.regex(
    oneLine(t, exit),
    /Could not (write|append to) .*: the disk is full\. Free space or choose another --archive\./,
  );
  const truth = sim.truth() as unknown as Tables;
  const archived = await checkArchive(archive);
  t.deepEqual(archived.problems, []);
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await subsetProblems(duck, [truth]), [], 'nothing half-written');
    const failed = (await runs(duck)).at(-1);
    t.is(failed?.status, 'failed');
    // The archive is never behind the database: every load the run committed has its commit line.
    const committed = await committedBy(duck, failed?.runId ?? -1);
    t.true(
      committed.length <= archived.commits,
      `${committed.length} loads committed, ${archived.commits} archived`,
    );
    t.log(
      `${committed.length} loads committed before the disk was full; ${archived.commits} commit lines archived`,
    );
  });
  // With room again, the next run completes exactly.
  const next = await cli(ws, sim, ['backup', '--db', ws.db, '--archive', ws.archive]);
  t.is(next.code, 0, describeExit(next));
  await withDuck(ws.db, async (duck) => t.deepEqual(await exactProblems(duck, truth), []));
});

test('the database disk fills up mid-sync: exit 1, one sentence, the database opens at its last commit, next run completes', async (t) => {
  const { sim, ws } = await account(t, 804);
  const before = await backedUp(sim, ws);
  const disk = await smallDisk(t, ws.dir, 'db-disk', 32 << 20);
  if (disk === undefined) {
    // DuckDB writes through its own native file layer, out of reach of an injection in Node's fs.
    t.log(
      'no tmpfs here (not root?): the full database disk cannot be simulated; checked where tmpfs mounts',
    );
    t.pass();
    return;
  }
  const db = join(disk, 'trakt.duckdb');
  await copyFile(ws.db, db);
  // Fill the disk: leave it a few kB short of what the sync's first commit needs.
  const filler = join(disk, 'filler');
  await writeFile(filler, Buffer.alloc(0));
  const { statfsSync } = await import('node:fs');
  const free = statfsSync(disk).bavail * statfsSync(disk).bsize;
  await writeFile(filler, Buffer.alloc(Math.max(0, free - 16 * 1024)));
  const exit = await cli(ws, sim, ['sync', '--db', db, '--archive', ws.archive]);
  t.is(exit.code, 1, describeExit(exit));
  const line = oneLine(t, exit);
  t.log(line);
  t.regex(
    line,
    /(cannot write the staging file .*: the disk is full|loading \w+ into .*trakt\.duckdb failed)/,
  );
  const { rm } = await import('node:fs/promises');
  await rm(filler);
  await withDuck(db, async (duck) => {
    t.deepEqual(await subsetProblems(duck, [before, sim.truth() as unknown as Tables]), []);
  });
  const next = await cli(ws, sim, ['sync', '--db', db, '--archive', ws.archive]);
  t.is(next.code, 0, describeExit(next));
  await withDuck(db, async (duck) =>
    t.deepEqual(await exactProblems(duck, sim.truth() as unknown as Tables), []),
  );
});

test('a database on a read-only disk: sync exits 1 with one sentence; reports still read it', async (t) => {
  const { sim, ws } = await account(t, 805);
  const before = await backedUp(sim, ws);
  const disk = await smallDisk(t, ws.dir, 'ro-db', 32 << 20);
  if (disk === undefined) {
    t.log('no tmpfs here (not root?): a read-only disk cannot be made; checked where tmpfs mounts');
    t.pass();
    return;
  }
  const db = join(disk, 'trakt.duckdb');
  await copyFile(ws.db, db);
  makeReadOnly(disk);
  t.teardown(() => makeWritable(disk));
  const exit = await cli(ws, sim, ['sync', '--db', db, '--archive', ws.archive]);
  t.is(exit.code, 1, describeExit(exit));
  t.regex(oneLine(t, exit), /cannot open database .*trakt\.duckdb: permission denied/);
  const report = await cli(ws, sim, ['report', 'watch-time', '--by', 'year', '--format', 'json', '--db', db]);
  t.is(report.code, 0, describeExit(report));
  t.true(JSON.parse(report.stdout).length > 0);
  await withDuck(db, async (duck) => t.deepEqual(await exactProblems(duck, before), []));
});
