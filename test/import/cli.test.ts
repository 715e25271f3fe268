import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { fromBufferPromise } from 'yauzl';
import { startSimulator } from '../../src/simulator/index.ts';
import { workspace } from '../helpers/backup.ts';
import { runCli } from '../helpers/cli.ts';
import { readTable, withDuck } from '../helpers/tables.ts';
import { importInto, unzipTo } from './helpers.ts';

test('the simulator export: a top folder, numbered history parts, [] files, and an optional unknown file', async (t) => {
  const sim = await startSimulator({ profile: 'typical', seed: 5 });
  t.teardown(() => sim.close());
  const names = async (zip: Buffer) => {
    const file = await fromBufferPromise(zip);
    const out: string[] = [];
    for await (const entry of file.eachEntry()) out.push(entry.fileName);
    return out;
  };
  const all = await names(await sim.exportZip());
  t.true(all.every((n) => n.startsWith('traktdb-viewer-trakt-export/')));
  // 3000 plays in parts of 250.
  t.is(all.filter((n) => /\/watched-history-\d+\.json$/.test(n)).length, 12);
  t.true(all.includes('traktdb-viewer-trakt-export/some-future-file.json'));
  t.true(all.includes('traktdb-viewer-trakt-export/network-friends.json'));
  t.true(all.some((n) => /\/lists-list-\d+-[a-z0-9-]+\.json$/.test(n)));
  const plain = await names(await sim.exportZip({ unknownFile: false, topFolder: '' }));
  t.false(plain.some((n) => n.includes('some-future-file')));
  t.true(plain.includes('user-profile.json'));
  // The same account gives the same bytes; the control route serves them too.
  t.deepEqual(await sim.exportZip(), await sim.exportZip());
  const served = await fetch(`${sim.url}/_sim/export.zip?unknown=false`);
  t.is(served.status, 200);
  t.is(served.headers.get('content-type'), 'application/zip');
  t.deepEqual(
    await names(Buffer.from(await served.arrayBuffer())),
    await names(await sim.exportZip({ unknownFile: false })),
  );
});

test('`traktdb import` reports what it recognized and what not, and exits 4 for the unknown file after loading the rest', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 6 });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const path = join(ws.dir, 'export.zip');
  await writeFile(path, await sim.exportZip());
  const result = await runCli(['import', path, '--db', ws.db, '--archive', ws.archive]);
  t.is(result.code, 4, result.stderr);
  t.regex(
    result.stdout,
    /^import run 1 incomplete: 44 files in .*export\.zip, 41 recognized, 2 not loaded, 1 not recognized/,
  );
  t.regex(result.stdout, /watched-history\.json +-> plays +60 rows/);
  t.regex(result.stdout, /lists-watchlist\.json +-> watchlist +8 rows/);
  t.regex(result.stdout, /user-stats\.json +account totals at the moment of export/);
  t.regex(result.stdout, /Not recognized:\n {2}some-future-file\.json +items have keys \{badge, earned\}/);
  t.regex(result.stderr, /1 file\(s\) of the export were not recognized: some-future-file\.json/);
  const truth = sim.truth();
  await withDuck(ws.db, async (duck) => {
    t.is((await readTable(duck, 'plays')).size, truth.plays.length);
    // The export holds no items of the lists the account collaborates on (docs/account.md).
    const own = new Set(truth.lists.filter((l) => !l.collaboration).map((l) => l.list_trakt_id));
    t.is(
      (await readTable(duck, 'list_items')).size,
      truth.list_items.filter((i) => own.has(i.list_trakt_id)).length,
    );
    t.is(
      (await readTable(duck, 'social')).size,
      truth.social.filter((s) => s.relation !== 'request_out').length,
    );
    const run = await duck.one(
      'SELECT mode, status, CAST(incomplete_resources AS VARCHAR) AS r FROM sync_runs',
    );
    t.like(run, { mode: 'import', status: 'incomplete' });
    t.regex(String(run?.['r']), /some-future-file\.json/);
  });
  // The unknown file is kept in the archive all the same.
  const [runDir] = await readdir(ws.archive);
  const manifest = await readFile(join(ws.archive, runDir as string, 'manifest.jsonl'), 'utf8');
  t.regex(manifest, /"path":"traktdb-viewer-trakt-export\/some-future-file\.json"/);
});

test('an extracted export directory imports like the ZIP, and a directory with an unknown list is reported', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 7 });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const dir = join(ws.dir, 'extracted');
  await unzipTo(await sim.exportZip({ unknownFile: false }), dir);
  // A list file named by slug only, for a list lists-lists.json does not know.
  await writeFile(
    join(dir, 'traktdb-viewer-trakt-export', 'lists-someone-elses-list.json'),
    JSON.stringify([
      {
        rank: 1,
        id: 9,
        listed_at: '2024-01-01T00:00:00.000Z',
        type: 'movie',
        movie: { title: 'X', ids: { trakt: 5 } },
      },
    ]),
  );
  await writeFile(join(dir, 'README.txt'), 'not part of the export');
  const summary = await importInto(ws, dir);
  t.is(summary.status, 'incomplete');
  t.deepEqual(
    summary.unrecognized.map((f) => [f.name, f.reason]),
    [
      ['README.txt', 'not a .json file'],
      [
        'lists-someone-elses-list.json',
        'list items of a list "someone-elses-list" that lists-lists.json does not name',
      ],
    ],
  );
  const truth = sim.truth();
  await withDuck(ws.db, async (duck) => {
    for (const table of ['plays', 'ratings', 'watchlist', 'collection', 'profile'] as const) {
      t.is((await readTable(duck, table)).size, truth[table].length, table);
    }
  });
});
