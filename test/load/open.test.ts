import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { DatabaseError } from '../../src/errors.ts';
import { loadMigrations } from '../../src/load/migrate.ts';
import { Store } from '../../src/load/store.ts';
import { tempDir } from '../helpers/env.ts';
import { AT, play } from './helpers.ts';

test('a fresh file gets every migration and a schema_version row; reopening keeps the data', async (t) => {
  const path = join(await tempDir(t), 'a', 'b', 'trakt.duckdb');
  const store = await Store.open(path);
  const migrations = await loadMigrations();
  t.true((migrations.at(-1)?.version ?? 0) >= 2);
  const applied = await store.duck.all('SELECT version, name FROM schema_version ORDER BY version');
  t.deepEqual(
    applied,
    migrations.map((m) => ({ version: m.version, name: m.name })),
  );
  t.deepEqual(applied.slice(0, 2), [
    { version: 1, name: '001_initial.sql' },
    { version: 2, name: '002_rejected_items.sql' },
  ]);
  const run = await store.startRun('backup', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1)] });
  await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } });
  await store.close();

  const again = await Store.open(path);
  t.deepEqual(await again.duck.all('SELECT count(*)::INT AS n FROM schema_version'), [
    { n: migrations.length },
  ]);
  t.is((await again.tableCounts())['plays'], 1);
  await again.close();

  const readOnly = await Store.open(path, { readOnly: true });
  t.true(readOnly.readOnly);
  t.is((await readOnly.tableCounts())['plays'], 1);
  await t.throwsAsync(() => readOnly.stage('plays'), {
    instanceOf: DatabaseError,
    message: `cannot load plays: ${path} was opened read-only`,
  });
  t.throws(() => readOnly.startRun('sync', AT), { instanceOf: DatabaseError });
  await readOnly.close();
});

test('a database of a newer schema is refused', async (t) => {
  const path = join(await tempDir(t), 'trakt.duckdb');
  const store = await Store.open(path);
  await store.duck.run("INSERT INTO schema_version (version, name) VALUES (7, '007_future.sql')");
  await store.close();
  await t.throwsAsync(() => Store.open(path), {
    instanceOf: DatabaseError,
    message: `${path} was written by a newer traktdb (schema 7); upgrade traktdb`,
  });
  await t.throwsAsync(() => Store.open(path, { readOnly: true }), { message: /newer traktdb \(schema 7\)/ });
});

test('a directory, a text file and an empty file are refused with one sentence', async (t) => {
  const dir = await tempDir(t);
  await t.throwsAsync(() => Store.open(dir), {
    instanceOf: DatabaseError,
    message: `${dir} is a directory, not a database file; point --db at a file`,
  });
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'hello, this is not a database\n'.repeat(300));
  await t.throwsAsync(() => Store.open(text), {
    instanceOf: DatabaseError,
    message: `${text} is not a DuckDB database; point --db at a traktdb database or a new file`,
  });
  const json = join(dir, 'rows.ndjson');
  writeFileSync(json, '{"a":1}\n');
  await t.throwsAsync(() => Store.open(json), { message: /is not a DuckDB database/ });
  const empty = join(dir, 'empty.duckdb');
  writeFileSync(empty, '');
  await t.throwsAsync(() => Store.open(empty), { message: /is not a DuckDB database/ });
});

test('a DuckDB file that is not a traktdb database is refused, not modified', async (t) => {
  const path = join(await tempDir(t), 'other.duckdb');
  const other = await Store.open(path);
  await other.duck.run('DROP TABLE schema_version');
  await other.close();
  await t.throwsAsync(() => Store.open(path), {
    instanceOf: DatabaseError,
    message: `${path} is a DuckDB database but not a traktdb one; point --db at another file`,
  });
});

test('read-only on a missing file says to back up first', async (t) => {
  const path = join(await tempDir(t), 'missing.duckdb');
  await t.throwsAsync(() => Store.open(path, { readOnly: true }), {
    instanceOf: DatabaseError,
    message: `there is no database at ${path}; run traktdb backup first`,
  });
});

test('a parent that cannot be created is a DatabaseError', async (t) => {
  const dir = await tempDir(t);
  writeFileSync(join(dir, 'file'), 'x');
  await t.throwsAsync(() => Store.open(join(dir, 'file', 'sub', 'db.duckdb')), {
    instanceOf: DatabaseError,
    message: /^cannot create the directory for database /,
  });
});

test('another process holding the database gives "in use by another traktdb process (pid N)"', async (t) => {
  const dir = await tempDir(t);
  mkdirSync(join(dir, 'x'));
  const path = join(dir, 'x', 'locked.duckdb');
  (await Store.open(path)).close();
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DuckDBInstance } from '@duckdb/node-api';
       const db = await DuckDBInstance.create(${JSON.stringify(path)});
       await db.connect();
       process.stdout.write('ready\\n');
       process.stdin.resume();
       process.stdin.on('end', () => process.exit(0));`,
    ],
    { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  t.teardown(() => holder.kill());
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  const message = `${path} is in use by another traktdb process (pid ${holder.pid}); retry when it finishes`;
  await t.throwsAsync(() => Store.open(path), { instanceOf: DatabaseError, message });
  await t.throwsAsync(() => Store.open(path, { readOnly: true }), { instanceOf: DatabaseError, message });
  holder.stdin.end();
  await new Promise((resolve) => holder.once('exit', resolve));
  const store = await Store.open(path);
  t.is((await store.tableCounts())['plays'], 0);
  await store.close();
});

test('runs a killed process left "running" are marked interrupted on the next open; staging leftovers go', async (t) => {
  const path = join(await tempDir(t), 'trakt.duckdb');
  const store = await Store.open(path);
  const run = await store.startRun('sync', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1)] });
  // Simulate a crash: the process ends without finishing the run or removing staging files.
  store.duck.close();
  const again = await Store.open(path);
  t.like((await again.lastRuns(1))[0], {
    runId: run,
    status: 'interrupted',
    error: 'the process ended before the run finished',
    finishedAt: null,
  });
  const { existsSync } = await import('node:fs');
  t.false(existsSync(`${path}.staging`));
  await again.close();
});

test('an in-memory store works and stages outside the working directory', async (t) => {
  const store = await Store.open(':memory:');
  t.teardown(() => store.close());
  const run = await store.startRun('rebuild', AT);
  const stage = await store.stage('plays');
  await stage.add({ plays: [play(1)] });
  t.like(await stage.commit({ runId: run, at: AT, scope: { kind: 'all' } }), { inserted: 1 });
  const { existsSync } = await import('node:fs');
  t.false(existsSync(':memory:.staging'));
});

test('a migration numbered below one already applied is applied when the database next opens', async (t) => {
  // Migrations are numbered per change; 002 may land after a database got 003.
  const path = join(await tempDir(t), 'trakt.duckdb');
  const first = await Store.open(path);
  await first.duck.run('DROP TABLE rejected_items');
  await first.duck.run('ALTER TABLE sync_runs DROP COLUMN unavailable_resources');
  await first.duck.run('DELETE FROM schema_version WHERE version = 2');
  await first.close();
  const again = await Store.open(path);
  t.teardown(() => again.close());
  const versions = await again.duck.all('SELECT version FROM schema_version ORDER BY version');
  t.deepEqual(
    versions.map((row) => Number(row['version'])),
    (await loadMigrations()).map((m) => m.version),
  );
  t.deepEqual(await again.duck.all('SELECT count(*)::INTEGER AS n FROM rejected_items'), [{ n: 0 }]);
});
