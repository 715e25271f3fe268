import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { discoverModels } from '../../src/models/discover.ts';
import type { Model } from '../../src/models/model.ts';
import { ModelError } from '../../src/models/model-error.ts';
import { orderModels } from '../../src/models/order.ts';

function model(name: string, reads: string[]): Model {
  return { name, layer: 'marts', path: `${name}.sql`, sql: '', materialized: 'table', reads };
}

test('each model comes after the models it reads; sources do not constrain', (t) => {
  const ordered = orderModels([
    model('rpt_c', ['fct_b', 'dim_a']),
    model('fct_b', ['stg_a', 'plays']),
    model('dim_a', ['stg_a']),
    model('stg_a', ['movies']),
  ]).map((m) => m.name);
  t.deepEqual(ordered, ['stg_a', 'dim_a', 'fct_b', 'rpt_c']);
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

test('discovery: names, layers, materializations and reads from the files', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-models-'));
  try {
    mkdirSync(join(dir, 'staging'));
    mkdirSync(join(dir, 'marts'));
    mkdirSync(join(dir, 'reports'));
    writeFileSync(join(dir, 'staging', 'stg_x.sql'), 'select * from x;\n');
    writeFileSync(join(dir, 'marts', 'fct_x.sql'), 'select * from stg_x');
    writeFileSync(join(dir, 'marts', 'dim_y.sql'), '-- materialized: view\n-- why: tiny\nselect 1 as y');
    writeFileSync(join(dir, 'reports', 'rpt_x.sql'), 'select * from fct_x where y = $year');
    const models = orderModels(discoverModels(dir));
    t.deepEqual(
      models.map((m) => [m.name, m.layer, m.materialized, m.reads]),
      [
        ['dim_y', 'marts', 'view', []],
        ['stg_x', 'staging', 'view', ['x']],
        ['fct_x', 'marts', 'table', ['stg_x']],
        ['rpt_x', 'reports', 'query', ['fct_x']],
      ],
    );
    t.is(models.find((m) => m.name === 'stg_x')?.sql, 'select * from x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the shipped sql/ folder orders without a cycle: staging, then dims, then fct_plays, then reports', (t) => {
  const names = orderModels(discoverModels()).map((m) => m.name);
  const at = (name: string) => names.indexOf(name);
  t.true(at('stg_plays') < at('fct_plays'));
  t.true(at('dim_episodes') < at('fct_plays'));
  t.true(at('stg_shows') < at('dim_episodes'));
  t.true(at('fct_plays') < at('rpt_watch_time'));
  for (const name of names) t.regex(name, /^(stg|dim|fct|rpt|assert)_/);
});
