import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { ExitCode, exitCodeOf } from '../../src/errors.ts';
import { TokenError } from '../../src/http/errors.ts';
import type { TokenSet } from '../../src/http/token-set.ts';
import { defaultTokenPath, FileTokenStore, MemoryTokenStore } from '../../src/http/token-store.ts';
import { tempDir } from '../helpers/env.ts';

function pair(n: number): TokenSet {
  return {
    access_token: `access-${n}-${'a'.repeat(40)}`,
    refresh_token: `refresh-${n}-${'r'.repeat(40)}`,
    expires_in: 604800,
    created_at: 1_790_000_000 + n,
    token_type: 'bearer',
    scope: 'public',
  };
}

test('save creates the directory and a file of mode 0600 that loads back', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'config', 'traktdb', 'token.json');
  const store = new FileTokenStore(path);
  t.is(await store.load(), undefined);
  const old = process.umask(0o000);
  try {
    await store.save(pair(1));
  } finally {
    process.umask(old);
  }
  t.is((await stat(path)).mode & 0o777, 0o600);
  t.deepEqual(await store.load(), pair(1));
  t.deepEqual(JSON.parse(await readFile(path, 'utf8')), pair(1));
});

test('save replaces the file by rename: a new inode, mode 0600 even over a loose file, no temp left', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'token.json');
  await writeFile(path, JSON.stringify(pair(0)), { mode: 0o644 });
  const before = await stat(path);
  const store = new FileTokenStore(path);
  await store.save(pair(2));
  const after = await stat(path);
  t.not(after.ino, before.ino);
  t.is(after.mode & 0o777, 0o600);
  t.deepEqual(await store.load(), pair(2));
  t.deepEqual(await readdir(dir), ['token.json']);
});

test('a reader never sees a half-written file while pairs are replaced', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'token.json');
  const store = new FileTokenStore(path);
  await store.save(pair(0));
  let reads = 0;
  let writing = true;
  const reader = (async () => {
    while (writing) {
      const loaded = await store.load();
      t.truthy(loaded?.access_token.startsWith('access-'));
      reads += 1;
    }
  })();
  for (let i = 1; i <= 40; i++) await store.save(pair(i));
  writing = false;
  await reader;
  t.true(reads > 0);
  t.deepEqual(await store.load(), pair(40));
  t.deepEqual(await readdir(dir), ['token.json']);
});

test('a failed save leaves no temporary file and says where', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'token.json');
  // A directory where the file should be: the rename fails.
  await mkdir(join(path, 'occupied'), { recursive: true });
  const store = new FileTokenStore(path);
  const error = await t.throwsAsync(store.save(pair(1)));
  t.regex(error.message, /^Cannot save the Trakt token to .*token\.json: E[A-Z]+\./);
  t.false(error.message.includes(pair(1).access_token));
  t.deepEqual(await readdir(dir), ['token.json']);
});

test('a corrupt token file is a TokenError (exit 3) that does not quote it', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'token.json');
  await writeFile(path, '{"access_token": "secret-half-written-abcdef"');
  const error = await t.throwsAsync(new FileTokenStore(path).load(), { instanceOf: TokenError });
  t.is(exitCodeOf(error), ExitCode.auth);
  t.is(error.message, `The token file ${path} is not valid JSON. Delete it and run \`traktdb auth login\`.`);

  await writeFile(path, JSON.stringify({ access_token: 'secret-only-access-abcdef' }));
  const missing = await t.throwsAsync(new FileTokenStore(path).load(), { instanceOf: TokenError });
  t.is(
    missing.message,
    `The token file ${path} is not a usable Trakt token (no refresh_token). Run \`traktdb auth login\`.`,
  );
});

test('clear deletes the file, and is fine when there is none', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'token.json');
  const store = new FileTokenStore(path);
  await store.save(pair(1));
  await store.clear();
  t.is(await store.load(), undefined);
  await t.notThrowsAsync(store.clear());
});

test('defaultTokenPath follows XDG_CONFIG_HOME, else ~/.config', (t) => {
  t.is(defaultTokenPath({ XDG_CONFIG_HOME: '/xdg' }, '/home/u'), '/xdg/traktdb/token.json');
  t.is(defaultTokenPath({}, '/home/u'), '/home/u/.config/traktdb/token.json');
  t.is(defaultTokenPath({ HOME: '/home/env' }, '/home/u'), '/home/env/.config/traktdb/token.json');
  // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
  t.is(defaultTokenPath({ XDG_CONFIG_HOME: 'rel' }, '/home/u'), '/home/u/.config/traktdb/token.json');
  t.is(defaultTokenPath({ XDG_CONFIG_HOME: '' }, '/home/u'), '/home/u/.config/traktdb/token.json');
});

test('MemoryTokenStore keeps every saved pair', async (t) => {
  const store = new MemoryTokenStore();
  t.is(await store.load(), undefined);
  await store.save(pair(1));
  await store.save(pair(2));
  t.deepEqual(await store.load(), pair(2));
  t.deepEqual(store.saved, [pair(1), pair(2)]);
  await store.clear();
  t.is(await store.load(), undefined);
});
