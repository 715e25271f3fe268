import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { loadModels } from '../../src/models/discover.ts';
import type { Model } from '../../src/models/model.ts';
import { ModelError } from '../../src/models/model-error.ts';
import { orderModels } from '../../src/models/order.ts';

function model(name: string, reads: string[], calls: string[] = []): Model {
  return {
    name,
    layer: 'marts',
    path: `${name}.sql`,
    sql: '',
    materialized: 'table',
    macroArguments: [],
    reads,
    calls,
  };
}

let duck: Duck;

test.before(async () => {
  duck = await Duck.open(':memory:');
});

test.after.always(() => duck?.close());

test('each model comes after the models it reads; sources do not constrain', (t) => {
  const ordered = orderModels([
    model('rpt_c', ['fct_b', 'dim_a']),
    model('fct_b', ['stg_a', 'plays']),
    model('dim_a', ['stg_a']),
    model('stg_a', ['movies']),
  ]).map((m) => m.name);
  t.deepEqual(ordered, ['stg_a', 'dim_a', 'fct_b', 'rpt_c']);
});

test('a model comes after the table macros it calls; other table functions do not constrain', (t) => {
  const ordered = orderModels([
    model('rpt_y', [], ['int_m', 'range']),
    model('int_m', ['fct_x']),
    model('fct_x', [], ['pg_timezone_names']),
  ]).map((m) => m.name);
  t.deepEqual(ordered, ['fct_x', 'int_m', 'rpt_y']);
});

test('a cycle is an error that names it', (t) => {
  const error = t.throws(
    () => orderModels([model('a', ['b']), model('b', ['c']), model('c', ['a']), model('d', [])]),
    { instanceOf: ModelError },
  );
  t.is(error?.message, 'The models read each other in a cycle: a -> b -> c -> a; break it.');
});

test('a model that reads itself is a cycle of one', (t) => {
  t.throws(() => orderModels([model('loop', ['loop'])]), { message: /cycle: loop -> loop/ });
});

test('a cycle through a macro call names it too', (t) => {
  t.throws(() => orderModels([model('int_a', ['fct_b']), model('fct_b', [], ['int_a'])]), {
    message: 'The models read each other in a cycle: fct_b -> int_a -> fct_b; break it.',
  });
});

test('discovery: names, layers, materializations and reads from the files', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-models-'));
  try {
    mkdirSync(join(dir, 'staging'));
    mkdirSync(join(dir, 'marts'));
    mkdirSync(join(dir, 'reports'));
    mkdirSync(join(dir, 'intermediate'));
    writeFileSync(join(dir, 'staging', 'stg_x.sql'), 'select * from x;\n');
    writeFileSync(
      join(dir, 'intermediate', 'int_x_in_year.sql'),
      '-- materialized: macro(tz, year)\nselect * from fct_x where year is null or y = year',
    );
    writeFileSync(join(dir, 'marts', 'fct_x.sql'), 'select * from stg_x');
    writeFileSync(join(dir, 'marts', 'dim_y.sql'), '-- materialized: view\n-- why: tiny\nselect 1 as y');
    writeFileSync(join(dir, 'reports', 'rpt_x.sql'), 'select * from int_x_in_year($tz, $year)');
    const models = orderModels(await loadModels(duck, dir));
    t.deepEqual(
      models.map((m) => [m.name, m.layer, m.materialized, m.reads, m.calls, m.macroArguments]),
      [
        ['dim_y', 'marts', 'view', [], [], []],
        ['stg_x', 'staging', 'view', ['x'], [], []],
        ['fct_x', 'marts', 'table', ['stg_x'], [], []],
        ['int_x_in_year', 'intermediate', 'macro', ['fct_x'], [], ['tz', 'year']],
        ['rpt_x', 'reports', 'query', [], ['int_x_in_year'], []],
      ],
    );
    t.is(models.find((m) => m.name === 'stg_x')?.sql, 'select * from x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a model file that is not one SELECT is refused, naming the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-models-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'marts'));
  writeFileSync(join(dir, 'marts', 'fct_ok.sql'), 'select 1 as x');
  writeFileSync(join(dir, 'marts', 'fct_bad.sql'), 'select 1; select 2');
  await t.throwsAsync(loadModels(duck, dir), {
    instanceOf: ModelError,
    message: /fct_bad\.sql must hold one SELECT statement: it holds 2 statements/,
  });
});

test('the shipped sql/ folder orders without a cycle: staging, then dims, then fct_plays, then int_, then reports', async (t) => {
  const names = orderModels(await loadModels(duck)).map((m) => m.name);
  const at = (name: string) => names.indexOf(name);
  t.true(at('stg_plays') < at('fct_plays'));
  t.true(at('dim_episodes') < at('fct_plays'));
  t.true(at('stg_shows') < at('dim_episodes'));
  t.true(at('fct_plays') < at('int_plays_in_year'));
  t.true(at('int_plays_in_year') < at('rpt_watch_time'));
  for (const name of names) t.regex(name, /^(stg|int|dim|fct|rpt|assert)_/);
});
