import test from 'ava';
import { UsageError } from '../../src/errors.ts';
import { Duck } from '../../src/load/duck.ts';
import { lockDownSession, runReadOnlyQuery } from '../../src/reports/query.ts';
import { createFixtureDatabase, type Fixture } from './fixture.ts';

let fixture: Fixture;
let duck: Duck;

test.before(async () => {
  fixture = await createFixtureDatabase();
  duck = await Duck.open(fixture.path, { readOnly: true });
  await lockDownSession(duck);
});

test.after.always(() => {
  duck?.close();
  fixture?.cleanup();
});

test.serial('reads: SELECT, WITH, FROM-first, DESCRIBE, SHOW and table PRAGMAs', async (t) => {
  const result = await runReadOnlyQuery(
    duck,
    'select media_type, count(*) as n, min(watched_at) as first, list(history_id order by history_id)[1:2] as ids from plays group by 1 order by 1',
  );
  t.deepEqual(result.columns, ['media_type', 'n', 'first', 'ids']);
  t.deepEqual(result.rows, [
    { media_type: 'episode', n: 9, first: '2024-01-30T20:00:00.000Z', ids: [2, 3] },
    { media_type: 'movie', n: 5, first: '2024-01-01T03:00:00.000Z', ids: [1, 6] },
  ]);
  t.is((await runReadOnlyQuery(duck, 'with x as (select 1 as a) select * from x')).rows.length, 1);
  t.is((await runReadOnlyQuery(duck, 'from fct_plays limit 3')).rows.length, 3);
  t.true((await runReadOnlyQuery(duck, 'describe plays')).rows.length >= 7);
  t.true((await runReadOnlyQuery(duck, 'show tables')).rows.some((r) => r['name'] === 'fct_plays'));
  t.is((await runReadOnlyQuery(duck, "pragma table_info('plays')")).rows.length, 7);
  const dates = await runReadOnlyQuery(
    duck,
    "select date '2024-03-01' as d, timestamp '2024-03-01 10:00' as ts",
  );
  t.deepEqual(dates.rows, [{ d: '2024-03-01', ts: '2024-03-01T10:00:00.000' }]);
});

const refused: [string, RegExp][] = [
  ['DELETE FROM plays', /DELETE statement/],
  ['delete from plays where true', /DELETE statement/],
  ['DROP TABLE plays', /DROP statement/],
  ['INSERT INTO plays VALUES (99, now(), NULL, $$movie$$, 1, NULL, NULL)', /INSERT statement/],
  ['UPDATE plays SET action = NULL', /UPDATE statement/],
  ['CREATE TABLE x AS SELECT 1', /CREATE statement/],
  ['CREATE TEMP TABLE x (a INT)', /CREATE statement/],
  ["ATTACH '/tmp/other.duckdb' AS other", /ATTACH statement/],
  ['DETACH other', /DETACH statement/],
  ["COPY plays TO '/tmp/traktdb-leak.csv'", /COPY statement/],
  ["COPY (SELECT * FROM plays) TO '/tmp/traktdb-leak.parquet' (FORMAT parquet)", /COPY statement/],
  ["EXPORT DATABASE '/tmp/traktdb-leak'", /EXPORT statement/],
  ['INSTALL httpfs', /LOAD statement/],
  ['LOAD json', /LOAD statement/],
  ['SET threads = 1', /SET statement/],
  ['PRAGMA threads = 1', /SET statement/],
  ['CHECKPOINT', /CALL statement/],
  ['BEGIN TRANSACTION', /TRANSACTION statement/],
  ['ALTER TABLE plays ADD COLUMN x INT', /ALTER statement/],
  ['VACUUM', /VACUUM statement/],
  ["SET VARIABLE x = 'y'", /SET statement/],
  ['SELECT 1; DROP TABLE plays', /exactly one statement; this SQL has 2/],
  ['SELECT 1; SELECT 2', /exactly one statement; this SQL has 2/],
  ["SELECT * FROM query('DROP TABLE plays')", /does not parse|failed/],
  ["SELECT * FROM read_csv('/etc/passwd')", /query failed: .*(disabled|Permission)/],
  ["SELECT nextval('sync_run_ids')", /query failed: .*read-only/],
  ['selec 1', /does not parse/],
  ['', /query needs SQL/],
];

for (const [sql, message] of refused) {
  test.serial(`refuses ${JSON.stringify(sql)}`, async (t) => {
    await t.throwsAsync(runReadOnlyQuery(duck, sql), { instanceOf: UsageError, message });
  });
}

test.serial('nothing was changed by the refused statements', async (t) => {
  const tables = await runReadOnlyQuery(duck, 'select count(*) as n from plays');
  t.deepEqual(tables.rows, [{ n: 14 }]);
});
