import { existsSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { run, sandbox } from '../helpers/cli.ts';

test('demo backs up, reports, syncs only the changes, writes a year-in-review page and leaves the database', async (t) => {
  const box = await sandbox(t);
  const result = await run(box, ['demo', '--db', box.db, '--archive', box.archive]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /1\. Full backup\n {3}succeeded/);
  t.regex(result.stdout, /3000 plays, 300 ratings/);
  t.regex(result.stdout, /5\. Top actors of \d{4} \(from credits\)/);
  t.regex(result.stdout, /7\. Incremental sync\n {3}succeeded/);
  // The sync fetched only what changed: most resources were not touched at all.
  t.regex(result.stdout, /[1-9]\d* unchanged resources were not fetched at all/);
  const page = /open (\S+\.html) in a browser/.exec(result.stdout)?.[1];
  t.truthy(page && existsSync(page), 'the year-in-review page exists');
  const duck = await Duck.open(box.db, { readOnly: true });
  t.teardown(() => duck.close());
  // 3000 generated plays, 13 added (one backdated) and 2 removed by the demo's mutations.
  const plays = await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM plays');
  t.is(Number(plays?.n), 3011);
  const runs = await duck.all<{ mode: string; status: string }>(
    'SELECT mode, status FROM sync_runs ORDER BY run_id',
  );
  t.deepEqual(runs, [
    { mode: 'backup', status: 'succeeded' },
    { mode: 'sync', status: 'succeeded' },
  ]);
  t.true(existsSync(join(box.archive)), 'the archive is kept');
});
