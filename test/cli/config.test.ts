import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { run, sandbox, storeToken } from './cli.ts';

interface Row {
  name: string;
  value: string;
  source: string;
  from: string | null;
}

interface View {
  settings: Row[];
  configDir: string;
  configFile: { path: string; exists: boolean; ignoredKeys: string[] };
  tokenFile: {
    path: string;
    stored: boolean;
    mode: string | null;
    expiresAt: string | null;
    overridden: boolean;
  };
}

function setting(view: View, name: string): Row {
  const row = view.settings.find((r) => r.name === name);
  if (row === undefined) throw new Error(`no setting ${name}`);
  return row;
}

const CLIENT_SECRET = 'c5e1a9f0d2b84e6f0123456789abcdef';
const ACCESS_TOKEN = 'a7d3b0e94c1f2a58fedcba9876543210';

test.serial('config: flag beats env beats file beats default, each with its source', async (t) => {
  const box = await sandbox(t, { TRAKTDB_DB: '/env/trakt.duckdb', TRAKTDB_USER: 'env-user' });
  await mkdir(box.configDir, { recursive: true });
  await writeFile(
    join(box.configDir, 'traktdb.config.json'),
    JSON.stringify({
      db: '/file/trakt.duckdb',
      user: 'file-user',
      concurrency: 3,
      memoryLimit: '512MB',
      apiUrl: 'http://file.example:1234/',
      colour: 'blue',
    }),
  );
  const result = await run(box, ['config', '--db', '/flag/trakt.duckdb', '--format', 'json']);
  t.is(result.code, 0, result.stderr);
  const view = JSON.parse(result.stdout) as View;
  t.deepEqual(setting(view, 'db'), { name: 'db', value: '/flag/trakt.duckdb', source: 'flag', from: '--db' });
  t.deepEqual(setting(view, 'user'), {
    name: 'user',
    value: 'env-user',
    source: 'env',
    from: 'TRAKTDB_USER',
  });
  t.deepEqual(setting(view, 'concurrency'), {
    name: 'concurrency',
    value: '3',
    source: 'file',
    from: '"concurrency" in traktdb.config.json',
  });
  t.deepEqual(setting(view, 'memory-limit'), {
    name: 'memory-limit',
    value: '512MB',
    source: 'file',
    from: '"memoryLimit" in traktdb.config.json',
  });
  t.deepEqual(setting(view, 'api-url'), {
    name: 'api-url',
    value: 'http://file.example:1234',
    source: 'file',
    from: '"apiUrl" in traktdb.config.json',
  });
  t.deepEqual(setting(view, 'archive'), {
    name: 'archive',
    value: 'data/raw',
    source: 'default',
    from: null,
  });
  t.deepEqual(setting(view, 'rate-limit'), {
    name: 'rate-limit',
    value: '500/300',
    source: 'default',
    from: null,
  });
  t.deepEqual(setting(view, 'auth-url'), {
    name: 'auth-url',
    value: 'https://auth.trakt.tv',
    source: 'default',
    from: null,
  });
  t.is(view.configDir, box.configDir);
  t.deepEqual(view.configFile, {
    path: join(box.configDir, 'traktdb.config.json'),
    exists: true,
    ignoredKeys: ['colour'],
  });
  t.deepEqual(view.tokenFile, {
    path: box.tokenFile,
    stored: false,
    mode: null,
    expiresAt: null,
    problem: null,
    overridden: false,
  } as View['tokenFile']);

  // The same precedence in the table a person reads.
  const table = await run(box, ['config', '--db', '/flag/trakt.duckdb']);
  t.is(table.code, 0, table.stderr);
  t.regex(table.stdout, /^ {2}db +\/flag\/trakt\.duckdb +flag \(--db\)$/m);
  t.regex(table.stdout, /^ {2}user +env-user +env \(TRAKTDB_USER\)$/m);
  t.regex(table.stdout, /^ {2}concurrency +3 +file \("concurrency" in traktdb\.config\.json\)$/m);
  t.regex(table.stdout, /^ {2}archive +data\/raw +default$/m);
  t.regex(table.stdout, /^config file +.+traktdb\.config\.json \(found; unknown keys ignored: colour\)$/m);
  t.regex(table.stdout, /^token file +.+token\.json \(no token stored; run `traktdb auth login`\)$/m);

  // Without the flag the environment wins; without either, the file.
  const env = JSON.parse((await run(box, ['config', '--format', 'json'])).stdout) as View;
  t.deepEqual(setting(env, 'db'), {
    name: 'db',
    value: '/env/trakt.duckdb',
    source: 'env',
    from: 'TRAKTDB_DB',
  });
  const file = JSON.parse(
    (await run(box, ['config', '--format', 'json'], { TRAKTDB_DB: '' })).stdout,
  ) as View;
  t.deepEqual(setting(file, 'db'), {
    name: 'db',
    value: '/file/trakt.duckdb',
    source: 'file',
    from: '"db" in traktdb.config.json',
  });
});

test.serial(
  'config masks the client secret and the access token, and shows the stored token state',
  async (t) => {
    const box = await sandbox(t, {
      TRAKT_CLIENT_ID: 'the-client-id',
      TRAKT_CLIENT_SECRET: CLIENT_SECRET,
      TRAKT_ACCESS_TOKEN: ACCESS_TOKEN,
    });
    await storeToken(box, {
      access_token: '5b0c7e2d9a41f3c6e8d0b2a4c6e8f0a1',
      refresh_token: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
    });
    for (const format of ['table', 'json']) {
      const result = await run(box, ['config', '--format', format]);
      t.is(result.code, 0, result.stderr);
      for (const secret of [
        CLIENT_SECRET,
        ACCESS_TOKEN,
        '5b0c7e2d9a41f3c6e8d0b2a4c6e8f0a1',
        '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
      ]) {
        t.false(result.stdout.includes(secret), `${format}: ${secret} shown`);
        t.false(result.stdout.includes(secret.slice(0, 12)), `${format}: the start of ${secret} shown`);
      }
    }
    const table = (await run(box, ['config'])).stdout;
    t.regex(table, /^ {2}client-id +the-client-id +env \(TRAKT_CLIENT_ID\)$/m);
    t.regex(table, /^ {2}client-secret +c5e1…\(masked\) +env \(TRAKT_CLIENT_SECRET\)$/m);
    t.regex(table, /^ {2}access-token +a7d3…\(masked\) +env \(TRAKT_ACCESS_TOKEN\)$/m);
    t.regex(
      table,
      /^token file +.+token\.json \(token stored, mode 0600, expires \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 7 days\); not used while TRAKT_ACCESS_TOKEN is set\)$/m,
    );
  },
);

test.serial('config masks a short secret entirely, and one from the config file too', async (t) => {
  const box = await sandbox(t);
  await mkdir(box.configDir, { recursive: true });
  await writeFile(
    join(box.configDir, 'traktdb.config.json'),
    JSON.stringify({ clientSecret: 'shortsecret' }),
  );
  const result = await run(box, ['config']);
  t.is(result.code, 0, result.stderr);
  t.regex(
    result.stdout,
    /^ {2}client-secret +…\(masked\) +file \("clientSecret" in traktdb\.config\.json\)$/m,
  );
  t.false(result.stdout.includes('shor'));
});
