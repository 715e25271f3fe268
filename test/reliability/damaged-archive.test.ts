import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, type Workspace, workspace } from '../helpers/backup.ts';
import { cliEnv, describeExit, eachLimited, runCli } from '../helpers/cli.ts';

/**
 * `rebuild` from an archive someone's disk or hands damaged: exit 2 with one
 * sentence naming the file, the database it would have replaced untouched,
 * and no half-built copy left beside it.
 */

interface Damage {
  what: string;
  /** Damages the archive of `ws`; `run` is the first run's directory. */
  apply: (ws: Workspace, run: string) => Promise<void>;
  message: RegExp;
}

const LIST_BODY = 'ratings/';

/** The first archived body of a resource, by its manifest entry. */
async function body(run: string, prefix: string): Promise<{ file: string; line: number; lines: string[] }> {
  const lines = (await readFile(join(run, 'manifest.jsonl'), 'utf8')).split('\n');
  const line = lines.findIndex((l) => l.includes(`"file":"${prefix}`));
  if (line < 0) throw new Error(`no ${prefix} body in ${run}`);
  return { file: join(run, (JSON.parse(lines[line] as string) as { file: string }).file), line, lines };
}

const DAMAGES: Damage[] = [
  {
    what: 'a body with one byte changed',
    apply: async (_ws, run) => {
      const { file } = await body(run, LIST_BODY);
      const bytes = await readFile(file);
      bytes[10] = (bytes[10] as number) ^ 0x20;
      await writeFile(file, bytes);
    },
    message:
      /^The archive file .*ratings\/\d+\.json is corrupt \(checksum mismatch\); rebuild cannot trust it\.$/,
  },
  {
    what: 'a truncated body',
    apply: async (_ws, run) => truncate((await body(run, LIST_BODY)).file, 100),
    message: /ratings\/\d+\.json is corrupt \(checksum mismatch\)/,
  },
  {
    what: 'a missing body',
    apply: async (_ws, run) => rm((await body(run, LIST_BODY)).file),
    message: /^The archive file .*ratings\/\d+\.json is missing\.$/,
  },
  {
    what: 'a body that is not JSON, its checksum updated to match',
    apply: async (_ws, run) => {
      const { file, line, lines } = await body(run, LIST_BODY);
      const text = '<html>Cloudflare</html>';
      await writeFile(file, text);
      const entry = JSON.parse(lines[line] as string) as Record<string, unknown>;
      entry['sha256'] = createHash('sha256').update(text).digest('hex');
      lines[line] = JSON.stringify(entry);
      await writeFile(join(run, 'manifest.jsonl'), lines.join('\n'));
    },
    message: /ratings\/\d+\.json is not valid JSON\.$/,
  },
  {
    what: 'a manifest with a garbled line in the middle',
    apply: async (_ws, run) => {
      const path = join(run, 'manifest.jsonl');
      const lines = (await readFile(path, 'utf8')).split('\n');
      lines[2] = '{"type":"respo';
      await writeFile(path, lines.join('\n'));
    },
    message: /^The archive manifest .*manifest\.jsonl is corrupt at line 3\.$/,
  },
  {
    what: 'an archive without runs',
    apply: async (ws) => {
      await rm(ws.archive, { recursive: true });
      await mkdir(join(ws.archive, 'not-a-run'), { recursive: true });
    },
    message: /^The archive .* holds no runs; there is nothing to rebuild from\.$/,
  },
];

async function backedUp(t: ExecutionContext): Promise<Workspace> {
  const sim = await startSimulator({
    profile: 'tiny',
    seed: 910,
    rateLimit: { limit: 1000, windowMs: 1000 },
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await runAgainst(sim, ws, { mode: 'backup' });
  return ws;
}

test(`rebuild from a damaged archive: ${DAMAGES.length} kinds of damage, each exit 2 with one sentence and the database untouched`, async (t) => {
  const original = await backedUp(t);
  await eachLimited(DAMAGES, 2, async (damage) => {
    const ws = await workspace(t);
    await cp(original.archive, ws.archive, { recursive: true });
    await cp(original.db, ws.db);
    const [run] = (await readdir(ws.archive)).sort();
    await damage.apply(ws, join(ws.archive, run as string));
    const before = await readFile(ws.db);

    const result = await runCli(['rebuild', '--db', ws.db, '--archive', ws.archive], {
      env: cliEnv(ws, undefined),
    });
    t.is(result.code, 2, `${damage.what}: ${describeExit(result)}`);
    // Progress lines come first on stderr; the error is the last line, and the only one of its kind.
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('traktdb: '));
    t.is(errors.length, 1, `${damage.what}: one error line:\n${result.stderr}`);
    t.false(/^\s+at /m.test(result.stderr), `${damage.what}: no stack trace`);
    t.regex(errors[0]?.replace(/^traktdb: /, '') ?? '', damage.message, damage.what);
    // Buffer.equals: ava's deepEqual walks a multi-megabyte Buffer byte by byte, for minutes.
    t.true((await readFile(ws.db)).equals(before), `${damage.what}: the database is untouched`);
    const copies = (await readdir(dirname(ws.db))).filter((n) => n.startsWith(`${basename(ws.db)}.rebuild-`));
    t.deepEqual(copies, [], `${damage.what}: no half-built copy is left`);
  });
});

test('a damaged database: status says rebuild recreates it, and rebuild from the archive does', async (t) => {
  const ws = await backedUp(t);
  const size = (await stat(ws.db)).size;
  await truncate(ws.db, Math.floor(size / 2));
  const env = cliEnv(ws, undefined);
  const status = await runCli(['status', '--db', ws.db], { env });
  t.is(status.code, 1, describeExit(status));
  t.regex(
    status.stderr,
    /^traktdb: cannot open database .*; if the file is damaged, `traktdb rebuild` recreates it from the raw archive\n$/,
  );
  const rebuilt = await runCli(['rebuild', '--db', ws.db, '--archive', ws.archive], { env });
  t.is(rebuilt.code, 0, describeExit(rebuilt));
  const after = await runCli(['status', '--db', ws.db], { env });
  t.is(after.code, 0, describeExit(after));
  t.regex(after.stdout, /rebuild, run 1/);
});
