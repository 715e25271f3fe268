import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { migrate } from '../../src/load/migrate.ts';
import { buildModels } from '../../src/models/build.ts';
import { modelState, modelsAreCurrent } from '../../src/models/freshness.ts';
import { ModelError } from '../../src/models/model-error.ts';

async function emptyDatabase(t: { teardown(fn: () => void): void }): Promise<Duck> {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-build-'));
  const duck = await Duck.open(join(dir, 'trakt.duckdb'));
  t.teardown(() => {
    duck.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrate(duck);
  return duck;
}

test('builds staging as views and marts as tables, in dependency order', async (t) => {
  const duck = await emptyDatabase(t);
  const { built, ms } = await buildModels(duck);
  t.true(ms >= 0);
  t.true(built.indexOf('stg_plays') < built.indexOf('fct_plays'));
  t.false(built.some((name) => name.startsWith('rpt_')));
  const kinds = await duck.all<{ name: string; kind: string }>(
    `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE table_name IN ('fct_plays', 'dim_shows')
     UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE view_name IN ('stg_plays', 'stg_movies')
     ORDER BY name`,
  );
  t.deepEqual(kinds, [
    { name: 'dim_shows', kind: 'table' },
    { name: 'fct_plays', kind: 'table' },
    { name: 'stg_movies', kind: 'view' },
    { name: 'stg_plays', kind: 'view' },
  ]);
});

test('models are current until their source data changes, and again after a rebuild', async (t) => {
  const duck = await emptyDatabase(t);
  t.false(await modelsAreCurrent(duck));
  await buildModels(duck);
  t.true(await modelsAreCurrent(duck));
  await duck.run("INSERT INTO plays VALUES (1, '2024-01-01 00:00:00+00', 'watch', 'movie', 5, NULL, NULL)");
  t.false(await modelsAreCurrent(duck));
  await buildModels(duck);
  t.true(await modelsAreCurrent(duck));
  t.is((await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM fct_plays'))?.n, 1n);
  await duck.run('DROP TABLE fct_plays');
  t.false(await modelsAreCurrent(duck));
});

test('intermediate table macros are built with the models, and a dropped one is missing', async (t) => {
  const duck = await emptyDatabase(t);
  const { built } = await buildModels(duck);
  t.true(built.indexOf('fct_plays') < built.indexOf('int_plays_in_year'));
  const macros = await duck.all(
    "SELECT function_name, parameters FROM duckdb_functions() WHERE function_type = 'table_macro' AND schema_name = 'main' AND NOT internal",
  );
  t.deepEqual(macros, [{ function_name: 'int_plays_in_year', parameters: ['tz', 'year'] }]);
  t.is(await modelState(duck), 'current');
  await duck.run('DROP MACRO TABLE int_plays_in_year');
  t.is(await modelState(duck), 'missing');
  await buildModels(duck);
  t.is(await modelState(duck), 'current');
});

test('a failing model names its file and leaves the previous build in place', async (t) => {
  const duck = await emptyDatabase(t);
  await buildModels(duck);
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-badsql-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'marts'));
  writeFileSync(join(dir, 'marts', 'fct_plays.sql'), 'select 1 as only_column');
  writeFileSync(join(dir, 'marts', 'fct_zbroken.sql'), 'select * from no_such_table');
  const error = await t.throwsAsync(buildModels(duck, { sqlDir: dir }), { instanceOf: ModelError });
  t.regex(error?.message ?? '', /fct_zbroken .*fct_zbroken\.sql.*no_such_table/);
  const columns = await duck.all(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'fct_plays'",
  );
  // fct_plays was replaced before fct_zbroken failed; the rollback restored it.
  t.true(columns.length > 5, 'fct_plays still has its real columns');
});
