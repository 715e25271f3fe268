import { existsSync } from 'node:fs';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import {
  assertNoStack,
  assertOneSentence,
  run,
  sandbox,
  settingsStatus,
  simEnv,
  start,
  storeToken,
} from './cli.ts';

// A one-second poll interval keeps each device flow to a few seconds.
async function simulator(t: import('ava').ExecutionContext, options: { deviceExpiresSeconds?: number } = {}) {
  const sim = await startSimulator({ profile: 'tiny', seed: 3, deviceIntervalSeconds: 1, ...options });
  t.teardown(() => sim.close());
  return sim;
}

function usernameOf(sim: Awaited<ReturnType<typeof startSimulator>>): string {
  const profile = sim.truth().profile[0];
  if (profile === undefined) throw new Error('the simulator has no profile row');
  return profile.username;
}

test.serial(
  'auth login: prints the code as JSON, polls while pending, stores the token 0600; auth status names the user',
  async (t) => {
    const sim = await simulator(t);
    const box = await sandbox(t, simEnv(sim));
    const login = start(box, ['auth', 'login', '--log-format', 'json']);
    const codeLine = await login.waitForLine(/"type":"device-code"/);
    const event = JSON.parse(codeLine.input ?? '{}') as Record<string, unknown>;
    t.is(event['verification_url'], 'https://trakt.tv/activate');
    t.is(event['interval'], 1);
    t.is(typeof event['user_code'], 'string');
    // Not approved yet: traktdb polls, and says so, before anyone approves.
    await login.waitForLine(/"type":"pending"/);
    t.true(sim.device.approve(String(event['user_code'])));
    const done = await login.exited;
    t.is(done.code, 0, done.stderr);
    t.is(done.stdout, '');
    assertNoStack(t, done.stderr);
    const signedIn = done.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((e) => e['type'] === 'signed-in');
    t.is(signedIn?.['username'], usernameOf(sim));
    t.is(signedIn?.['slug'], sim.userSlug);
    t.is(signedIn?.['token_file'], box.tokenFile);

    t.is((await stat(box.tokenFile)).mode & 0o777, 0o600);
    const tokens = JSON.parse(await readFile(box.tokenFile, 'utf8')) as Record<string, unknown>;
    t.is(await settingsStatus(sim, String(tokens['access_token'])), 200);
    // The token never reaches the terminal.
    t.false(done.stderr.includes(String(tokens['access_token'])));
    t.false(done.stderr.includes(String(tokens['refresh_token'])));

    const status = await run(box, ['auth', 'status']);
    t.is(status.code, 0, status.stderr);
    t.regex(status.stdout, new RegExp(`^user: +${usernameOf(sim)} \\(slug ${sim.userSlug}\\)$`, 'm'));
    t.regex(
      status.stdout,
      new RegExp(
        `^token file: +${box.tokenFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(mode 0600\\)$`,
        'm',
      ),
    );
    t.regex(status.stdout, /^expires: +\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 7 days\)$/m);
    t.is(status.stderr, '');
  },
);

test.serial('auth login in text mode tells the person where to go and what to type', async (t) => {
  const sim = await simulator(t);
  const box = await sandbox(t, simEnv(sim));
  const login = start(box, ['auth', 'login']);
  const [, url, code] = await login.waitForLine(/^To sign in to Trakt, open (\S+) and enter the code (\S+)$/);
  t.is(url, 'https://trakt.tv/activate');
  await login.waitForLine(/needs no input here/);
  t.true(sim.device.approve(code ?? ''));
  const done = await login.exited;
  t.is(done.code, 0, done.stderr);
  t.regex(
    done.stderr,
    new RegExp(
      `^Signed in to Trakt as ${usernameOf(sim)} \\(${sim.userSlug}\\)\\. The token is saved in .+token\\.json and the app's client id and secret in .+credentials\\.json \\(both mode 0600\\), so scheduled runs need no environment variables; the token expires .+\\.$`,
      'm',
    ),
  );
  t.true(existsSync(box.tokenFile));
});

test.serial(
  'auth login denied on trakt.tv: exit 3, one sentence naming auth login, no token file',
  async (t) => {
    const sim = await simulator(t);
    const box = await sandbox(t, simEnv(sim));
    const login = start(box, ['auth', 'login', '--log-format', 'json']);
    const line = await login.waitForLine(/"type":"device-code"/);
    const code = String((JSON.parse(line.input ?? '{}') as Record<string, unknown>)['user_code']);
    t.true(sim.device.deny(code));
    const done = await login.exited;
    t.is(done.code, 3, done.stderr);
    const error = done.stderr.split('\n').filter((l) => l.startsWith('traktdb: '));
    t.deepEqual(error, [
      'traktdb: POST /oauth/device/token failed: the login was denied on trakt.tv (418). Run `traktdb auth login` again and approve the app.',
    ]);
    assertNoStack(t, done.stderr);
    t.false(existsSync(box.tokenFile));
  },
);

test.serial('auth login not approved in time: exit 3 saying the code expired, no token file', async (t) => {
  const sim = await simulator(t, { deviceExpiresSeconds: 2 });
  const box = await sandbox(t, simEnv(sim));
  const done = await run(box, ['auth', 'login']);
  t.is(done.code, 3, done.stderr);
  t.regex(done.stderr, /^To sign in to Trakt, open https:\/\/trakt\.tv\/activate and enter the code \S+$/m);
  t.regex(done.stderr, /\(it works for 2 seconds;/);
  const error = done.stderr.split('\n').filter((l) => l.startsWith('traktdb: '));
  t.deepEqual(error, [
    'traktdb: POST /oauth/device/token failed: the device code expired before the login was approved. Run `traktdb auth login` again and approve it in time.',
  ]);
  assertNoStack(t, done.stderr);
  t.false(existsSync(box.tokenFile));
});

test.serial('auth status with no token: exit 3, one sentence naming auth login', async (t) => {
  const sim = await simulator(t);
  const box = await sandbox(t, simEnv(sim));
  const result = await run(box, ['auth', 'status']);
  t.is(result.code, 3);
  t.is(
    result.stderr,
    `traktdb: Not signed in to Trakt: no token is stored at ${box.tokenFile}; run \`traktdb auth login\` (or set TRAKT_ACCESS_TOKEN).\n`,
  );
  t.is(result.stdout, '');
});

test.serial('auth status with a revoked token: exit 3 naming auth login', async (t) => {
  const sim = await simulator(t);
  const box = await sandbox(t, simEnv(sim));
  await storeToken(box, { access_token: 'not-a-token-the-simulator-issued', refresh_token: 'nor-this' });
  const result = await run(box, ['auth', 'status']);
  t.is(result.code, 3, result.stderr);
  assertOneSentence(t, result.stderr);
  t.regex(result.stderr, /traktdb auth login/);
  t.false(result.stderr.includes('not-a-token-the-simulator-issued'));
  t.false(result.stderr.includes('nor-this'));
});

test.serial('auth status tightens a token file someone made readable', async (t) => {
  const sim = await simulator(t);
  const box = await sandbox(t, simEnv(sim));
  await storeToken(box, { access_token: sim.accessToken, refresh_token: sim.refreshToken });
  await chmod(box.tokenFile, 0o644);
  const result = await run(box, ['auth', 'status']);
  t.is(result.code, 0, result.stderr);
  t.is(result.stderr, `The token file ${box.tokenFile} had mode 0644; it is 0600 again.\n`);
  t.is((await stat(box.tokenFile)).mode & 0o777, 0o600);
});

test.serial(
  'backup with no token and no TRAKT_ACCESS_TOKEN: exit 3, one sentence naming auth login',
  async (t) => {
    const sim = await simulator(t);
    const box = await sandbox(t, simEnv(sim));
    const result = await run(box, ['backup', '--db', box.db, '--archive', box.archive]);
    t.is(result.code, 3, result.stderr);
    assertOneSentence(t, result.stderr);
    t.regex(result.stderr, /`traktdb auth login`/);
    t.is(sim.requests().length, 0, 'nothing was asked of Trakt');
  },
);

test.serial('auth logout revokes the token at Trakt (it then gets 401) and deletes the file', async (t) => {
  const sim = await simulator(t);
  const box = await sandbox(t, simEnv(sim));
  await storeToken(box, { access_token: sim.accessToken, refresh_token: sim.refreshToken });
  t.is(await settingsStatus(sim, sim.accessToken), 200);
  const result = await run(box, ['auth', 'logout']);
  t.is(result.code, 0, result.stderr);
  t.is(result.stderr, `Signed out: Trakt revoked the token, and ${box.tokenFile} is deleted.\n`);
  t.false(existsSync(box.tokenFile));
  t.is(await settingsStatus(sim, sim.accessToken), 401);
  const revokes = sim.requests().filter((r) => r.method === 'POST' && r.path.startsWith('/oauth/revoke'));
  t.is(revokes.length, 1);

  const again = await run(box, ['auth', 'logout']);
  t.is(again.code, 0);
  t.is(
    again.stderr,
    `Not signed in: no token is stored at ${box.tokenFile}, so there is nothing to revoke.\n`,
  );
  const status = await run(box, ['auth', 'status']);
  t.is(status.code, 3);
});

test.serial(
  'auth logout when Trakt cannot be reached still deletes the file, and says the token was not revoked',
  async (t) => {
    // A port that was free a moment ago: the connection is refused at once.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
      });
    });
    const dead = `http://127.0.0.1:${port}`;
    const box = await sandbox(t, {
      TRAKT_API_URL: dead,
      TRAKT_AUTH_URL: dead,
      TRAKT_CLIENT_ID: 'id',
      TRAKT_CLIENT_SECRET: 'a-client-secret-for-this-test',
    });
    await storeToken(box, {
      access_token: 'access-token-for-this-test',
      refresh_token: 'refresh-token-for-this-test',
    });
    const result = await run(box, ['auth', 'logout']);
    t.is(result.code, 0, result.stderr);
    t.false(existsSync(box.tokenFile));
    t.regex(
      result.stderr,
      /^Signed out here \(.+ is deleted\), but the token could not be revoked at Trakt: POST \/oauth\/revoke failed: .+ Revoke the app at https:\/\/trakt\.tv\/oauth\/authorized_applications if it may still be in use\.\n$/,
    );
    for (const secret of [
      'access-token-for-this-test',
      'refresh-token-for-this-test',
      'a-client-secret-for-this-test',
    ]) {
      t.false(result.stderr.includes(secret), secret);
    }
    assertNoStack(t, result.stderr);
  },
);

test.serial(
  'auth logout without the client secret deletes the file and says why it could not revoke',
  async (t) => {
    const box = await sandbox(t);
    await storeToken(box, {
      access_token: 'access-token-for-this-test',
      refresh_token: 'refresh-token-for-this-test',
    });
    const result = await run(box, ['auth', 'logout']);
    t.is(result.code, 0, result.stderr);
    t.false(existsSync(box.tokenFile));
    t.is(
      result.stderr,
      `Signed out here (${box.tokenFile} is deleted), but the token could not be revoked at Trakt: revoking needs the app credentials (--client-id or TRAKT_CLIENT_ID, and TRAKT_CLIENT_SECRET). Revoke the app at https://trakt.tv/oauth/authorized_applications if it may still be in use.\n`,
    );
  },
);

test.serial('auth logout deletes an unreadable token file without trying to revoke it', async (t) => {
  const box = await sandbox(t);
  await storeToken(box, { access_token: 'a', refresh_token: 'b' });
  await writeFile(box.tokenFile, '{"access_token": "cut sho');
  const result = await run(box, ['auth', 'logout']);
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stderr,
    `Deleted the unreadable token file ${box.tokenFile} without revoking it; revoke the app at https://trakt.tv/oauth/authorized_applications if its token may still be in use.\n`,
  );
  t.false(existsSync(box.tokenFile));
});

test.serial(
  'auth status with TRAKT_ACCESS_TOKEN asks Trakt about that token, not the stored one',
  async (t) => {
    const sim = await simulator(t);
    const box = await sandbox(t, { ...simEnv(sim), TRAKT_ACCESS_TOKEN: sim.accessToken });
    const result = await run(box, ['auth', 'status']);
    t.is(result.code, 0, result.stderr);
    t.is(
      result.stdout,
      [
        `user:        ${usernameOf(sim)} (slug ${sim.userSlug})`,
        'token:       from TRAKT_ACCESS_TOKEN (it overrides any stored token)',
        'expires:     unknown (a token from the environment is used as is, never refreshed)',
        '',
      ].join('\n'),
    );
    t.false(result.stdout.includes(sim.accessToken));
  },
);
