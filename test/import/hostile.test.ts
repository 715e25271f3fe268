import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { UsageError } from '../../src/errors.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { type Workspace, workspace } from '../helpers/backup.ts';
import { runCli } from '../helpers/cli.ts';
import { fingerprint, importInto, makeZip } from './helpers.ts';

const HISTORY = JSON.stringify([
  {
    id: 1,
    watched_at: '2024-01-01T12:00:00.000Z',
    action: 'watch',
    type: 'movie',
    movie: { title: 'Heat', year: 1995, ids: { trakt: 1, slug: 'heat-1995', imdb: 'tt0113277', tmdb: 949 } },
  },
]);

/** A workspace whose database already holds a good import, so "unchanged" means something. */
async function seeded(t: ExecutionContext): Promise<Workspace> {
  const ws = await workspace(t);
  const good = join(ws.dir, 'good.zip');
  await writeFile(good, await makeZip({ 'export/watched-history-1.json': HISTORY }));
  const summary = await importInto(ws, good);
  t.is(summary.tables['plays']?.inserted, 1);
  return ws;
}

async function refused(t: ExecutionContext, zip: Buffer, pattern: RegExp, limits = {}) {
  const ws = await seeded(t);
  const before = await fingerprint(ws.db);
  const runsBefore = await readdir(ws.archive);
  const path = join(ws.dir, 'hostile.zip');
  await writeFile(path, zip);
  const error = await t.throwsAsync(importInto(ws, path, limits), { instanceOf: UsageError });
  t.regex(error?.message ?? '', pattern);
  t.regex(error?.message ?? '', /Nothing was loaded/);
  t.is(error?.exitCode, 2);
  t.deepEqual(await fingerprint(ws.db), before, 'the database is unchanged');
  t.deepEqual(await readdir(ws.archive), runsBefore, 'nothing was archived');
}

test('a ZIP bomb is refused while it streams, by its expansion ratio', async (t) => {
  // 40 MB of one byte deflates to about 40 KB: a ratio of about 1000.
  const bomb = Buffer.concat([Buffer.from('["'), Buffer.alloc(40 * 1024 * 1024, 0x61), Buffer.from('"]')]);
  const zip = await makeZip({
    'export/watched-history-1.json': HISTORY,
    'export/watched-history-2.json': bomb,
  });
  await refused(t, zip, /watched-history-2\.json expands more than 200 times/);
});

test('an entry whose path escapes the folder is refused', async (t) => {
  // yazl will not write `..`, so a same-length name is patched in afterwards (names are not checksummed).
  const zip = await makeZip({ 'export/watched-history-1.json': HISTORY, 'AA/evil.json': '[]' });
  const patched = Buffer.from(zip.toString('latin1').replaceAll('AA/evil.json', '../evil.json'), 'latin1');
  await refused(t, patched, /escapes the export's folder \(.*\.\.\/evil\.json\)/);
});

test('a truncated archive is refused', async (t) => {
  const zip = await makeZip({ 'export/watched-history-1.json': HISTORY, 'export/ratings-movies.json': '[]' });
  await refused(t, zip.subarray(0, Math.floor(zip.length * 0.7)), /not a complete ZIP archive/);
});

test('a file that is not a ZIP at all is refused', async (t) => {
  await refused(t, Buffer.from('this is not a zip file, just text\n'), /not a complete ZIP archive/);
});

test('invalid JSON is refused, naming the file', async (t) => {
  const zip = await makeZip({
    'export/watched-history-1.json': HISTORY,
    'export/ratings-movies.json': '[{"rated_at": "2024-01-01T00:00:00.000Z", "rating": 9,',
  });
  await refused(t, zip, /export\/ratings-movies\.json is not valid JSON/);
});

test('a file over the size cap is refused before anything loads (the cap lowered for the test)', async (t) => {
  const big = JSON.stringify(Array.from({ length: 400 }, () => JSON.parse(HISTORY)[0]));
  const zip = await makeZip({
    'export/watched-history-1.json': HISTORY,
    'export/watched-history-2.json': big,
  });
  await refused(t, zip, /watched-history-2\.json is .*over the 16\.0 KiB one file of an export may have/, {
    maxFileBytes: 16 * 1024,
  });
});

test('an entry whose header understates its size is caught by the count of inflated bytes', async (t) => {
  const big = JSON.stringify(Array.from({ length: 400 }, () => JSON.parse(HISTORY)[0]));
  const zip = await makeZip({ 'export/watched-history-2.json': big });
  // Patch the declared uncompressed size (local header offset 22, central directory offset 24) down to 100.
  const patched = Buffer.from(zip);
  patched.writeUInt32LE(100, 22);
  const central = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  patched.writeUInt32LE(100, central + 24);
  await refused(t, patched, /watched-history-2\.json cannot be read .*too many bytes|damaged/);
});

test('the export as a whole over the total cap is refused', async (t) => {
  const zip = await makeZip({
    'export/watched-history-1.json': HISTORY,
    'export/watched-history-2.json': HISTORY,
  });
  await refused(t, zip, /unpacks to more than/, { maxTotalBytes: HISTORY.length + 10 });
});

test('an item no normalizer accepts is refused, naming the file and the item', async (t) => {
  const broken = JSON.stringify([
    { id: 2, watched_at: 'yesterday', action: 'watch', type: 'movie', movie: {} },
  ]);
  const zip = await makeZip({
    'export/watched-history-1.json': HISTORY,
    'export/watched-history-2.json': broken,
  });
  await refused(t, zip, /export\/watched-history-2\.json: .*history item/);
});

test('a ZIP with nothing of a Trakt export in it is refused', async (t) => {
  await refused(
    t,
    await makeZip({ 'notes.txt': 'hello', 'data.json': '{"a":1}' }),
    /holds no file of Trakt's data export/,
  );
});

test('the CLI exits 2 for a hostile archive and 2 for a malformed size, leaving the database as it was', async (t) => {
  const ws = await seeded(t);
  const before = await fingerprint(ws.db);
  const path = join(ws.dir, 'truncated.zip');
  const zip = await makeZip({ 'export/watched-history-1.json': HISTORY });
  await writeFile(path, zip.subarray(0, zip.length - 30));
  const result = await runCli(['import', path, '--db', ws.db, '--archive', ws.archive]);
  t.is(result.code, 2, result.stderr);
  t.regex(result.stderr, /truncated\.zip is not a complete ZIP archive/);
  t.is(result.stdout, '');
  const sized = await runCli([
    'import',
    path,
    '--db',
    ws.db,
    '--archive',
    ws.archive,
    '--max-file-size',
    'lots',
  ]);
  t.is(sized.code, 2);
  t.regex(sized.stderr, /--max-file-size "lots" is not a size/);
  t.deepEqual(await fingerprint(ws.db), before);
});

test('the simulator export with a 1 KiB cap through the CLI is refused with exit 2', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 3 });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const path = join(ws.dir, 'export.zip');
  await writeFile(path, await sim.exportZip());
  const result = await runCli([
    'import',
    path,
    '--db',
    ws.db,
    '--archive',
    ws.archive,
    '--max-file-size',
    '1KiB',
  ]);
  t.is(result.code, 2, result.stderr);
  t.regex(result.stderr, /over the 1\.0 KiB one file of an export may have/);
  t.deepEqual(
    Object.values(await fingerprint(ws.db)).filter((n) => n !== 0),
    [],
  );
});
