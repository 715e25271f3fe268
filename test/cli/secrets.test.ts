import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import test from 'ava';
import { parseFaults, startSimulator } from '../../src/simulator/index.ts';
import { type CliResult, run, type Sandbox, sandbox, simEnv, storeToken } from '../helpers/cli.ts';

/** Every file under `dir` but the token file's directory, which is where the tokens belong. */
async function filesUnder(dir: string, skip: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !path.startsWith(skip)) found.push(path);
  }
  return found;
}

/** Where any of `secrets` occurs: in the outputs, or in the bytes of any file the runs wrote. */
async function leaks(box: Sandbox, outputs: CliResult[], secrets: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  const files = await filesUnder(box.dir, box.configHome);
  const haystacks: [string, Buffer][] = [
    ...outputs.flatMap((o, i): [string, Buffer][] => [
      [`run ${i + 1} stdout`, Buffer.from(o.stdout)],
      [`run ${i + 1} stderr`, Buffer.from(o.stderr)],
    ]),
    ...(await Promise.all(
      files.map(async (f): Promise<[string, Buffer]> => [relative(box.dir, f), await readFile(f)]),
    )),
  ];
  for (const [where, bytes] of haystacks) {
    for (const [name, secret] of Object.entries(secrets)) {
      if (bytes.includes(secret) || bytes.includes(Buffer.from(secret, 'utf16le')))
        found.push(`${name} in ${where}`);
    }
  }
  return found;
}

test.serial(
  'no token or client secret reaches stdout, stderr, the archive or the database, even with --verbose',
  async (t) => {
    // Access tokens expire after a few requests, so the run refreshes and rotates the pair mid-run.
    const sim = await startSimulator({
      profile: 'tiny',
      seed: 5,
      faults: parseFaults('expire:afterRequests=6'),
    });
    t.teardown(() => sim.close());
    const box = await sandbox(t, simEnv(sim));
    await storeToken(box, { access_token: sim.accessToken, refresh_token: sim.refreshToken });
    const where = ['--db', box.db, '--archive', box.archive];

    const backup = await run(box, ['backup', '--verbose', ...where]);
    t.is(backup.code, 0, backup.stderr);
    const rotated = JSON.parse(await readFile(box.tokenFile, 'utf8')) as {
      access_token: string;
      refresh_token: string;
    };
    t.not(rotated.access_token, sim.accessToken, 'the run refreshed the token');
    t.not(rotated.refresh_token, sim.refreshToken);

    const sync = await run(box, ['sync', '--verbose', '--log-format', 'json', ...where]);
    t.is(sync.code, 0, sync.stderr);

    // A run that fails on authentication, with --verbose: the error, its cause and its stack are printed.
    sim.expireAccessTokens();
    const current = JSON.parse(await readFile(box.tokenFile, 'utf8')) as { access_token: string };
    const bogusRefresh = 'f00dfeedf00dfeedf00dfeedf00dfeed';
    await storeToken(box, { access_token: current.access_token, refresh_token: bogusRefresh });
    const failed = await run(box, ['sync', '--verbose', ...where]);
    t.is(failed.code, 3, failed.stderr);
    t.regex(failed.stderr, /traktdb auth login/);
    t.regex(failed.stderr, /^ {4}at /m, '--verbose did print the stack');

    const status = await run(box, ['status', ...where]);
    t.is(status.code, 0, status.stderr);

    const files = await filesUnder(box.dir, box.configHome);
    t.true(
      files.some((f) => f.startsWith(box.archive)),
      'the archive was written',
    );
    t.true(files.includes(box.db), 'the database was written');
    t.deepEqual(
      await leaks(box, [backup, sync, failed, status], {
        'the first access token': sim.accessToken,
        'the first refresh token': sim.refreshToken,
        'the rotated access token': rotated.access_token,
        'the rotated refresh token': rotated.refresh_token,
        'the last access token': current.access_token,
        'a refused refresh token': bogusRefresh,
        'the client secret': sim.clientSecret,
      }),
      [],
    );
  },
);

test.serial('the token file is replaced atomically with mode 0600 when a refresh rotates it', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 6 });
  t.teardown(() => sim.close());
  const box = await sandbox(t, simEnv(sim));
  // A token a minute from expiry is refreshed before the first request (TokenSource: a day ahead).
  await storeToken(box, { access_token: sim.accessToken, refresh_token: sim.refreshToken }, 60);
  const before = await stat(box.tokenFile);
  const result = await run(box, ['auth', 'status']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /, just refreshed$/m);
  const after = await stat(box.tokenFile);
  t.is(after.mode & 0o777, 0o600);
  t.not(after.ino, before.ino, 'a new file was renamed over the old one');
  const rotated = JSON.parse(await readFile(box.tokenFile, 'utf8')) as { refresh_token: string };
  t.not(rotated.refresh_token, sim.refreshToken);
  // No temporary file is left next to it.
  t.deepEqual(await readdir(box.configDir), ['token.json']);
});
