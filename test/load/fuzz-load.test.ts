import test from 'ava';
import fc from 'fast-check';
import { NORMALIZERS, type NormalizerName } from '../../src/normalize/registry.ts';
import { PRIMARY_KEYS, type RowBatch } from '../../src/normalize/rows.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { mutated, SEEDS } from '../normalize/arbitraries.ts';
import { AT, openStore } from './helpers.ts';

/**
 * Whatever the normalizers let through must load: rows built from mutated
 * Apiary items (huge numbers, unicode, odd timestamps...) are staged and
 * committed into DuckDB without an error, and each distinct key lands once.
 */
test('rows the normalizers produce from fuzzed items always load', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const names = Object.keys(NORMALIZERS).filter((n): n is NormalizerName => Object.hasOwn(NORMALIZERS, n));
  let loaded = 0;
  for (const [i, name] of names.entries()) {
    const { table } = NORMALIZERS[name];
    const items = fc.sample(fc.constantFrom(...(SEEDS[name] ?? [])).chain(mutated), {
      numRuns: 150,
      seed: 1000 + i,
    });
    const batches: RowBatch[] = [];
    for (const [index, item] of items.entries()) {
      try {
        batches.push(
          NORMALIZERS[name].normalize(item, {
            source: 'GET /fuzz',
            index,
            listTraktId: 55,
            section: 'calendar',
          }),
        );
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error;
      }
    }
    const keys = new Set(
      batches.flatMap((b) =>
        (b[table] ?? []).map((row) => PRIMARY_KEYS[table].map((k) => String(Reflect.get(row, k))).join(':')),
      ),
    );
    const stage = await store.stage(table);
    for (const batch of batches) await stage.add(batch);
    await stage.commit({ runId: run, at: AT, scope: { kind: 'upsert' } });
    const stored = await store.duck.all(
      `SELECT concat_ws(':', ${PRIMARY_KEYS[table].join(', ')}) AS k FROM ${table}`,
    );
    const storedKeys = new Set(stored.map((r) => String(r['k'])));
    t.deepEqual(
      [...keys].filter((k) => !storedKeys.has(k)),
      [],
      name,
    );
    loaded += batches.length;
  }
  t.true(loaded > 500, `only ${loaded} fuzzed items produced rows`);
});
