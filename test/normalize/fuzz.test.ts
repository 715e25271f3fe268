import test from 'ava';
import fc from 'fast-check';
import type { NormalizeContext } from '../../src/normalize/context.ts';
import { normalizeProfile } from '../../src/normalize/profile.ts';
import { NORMALIZERS, type NormalizerName } from '../../src/normalize/registry.ts';
import type { RowBatch } from '../../src/normalize/rows.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { normalizeStats } from '../../src/normalize/stats.ts';
import { jsonish, mutated, SEEDS } from './arbitraries.ts';
import { settings, stats } from './fixtures.ts';

const ctx: NormalizeContext = { source: 'GET /fuzz', index: 0, listTraktId: 55, section: 'calendar' };
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID_COLUMN = /^(?!imdb_id$)(.*_id|trakt_id)$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Runs `normalize`; a ShapeError is an accepted outcome, anything else thrown fails the property. */
function rowsOrShapeError(normalize: () => RowBatch): RowBatch | null {
  try {
    return normalize();
  } catch (error) {
    if (error instanceof ShapeError) return null;
    throw error;
  }
}

/** What every produced row promises the loader. */
function checkRows(batch: RowBatch): void {
  for (const [table, rows] of Object.entries(batch)) {
    for (const row of rows ?? []) {
      for (const [column, value] of Object.entries(row)) {
        const where = `${table}.${column} = ${String(value)}`;
        if (value === undefined) throw new Error(`${where}: undefined instead of null`);
        if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${where}: not finite`);
        if (ID_COLUMN.test(column) && value !== null && !Number.isSafeInteger(value)) {
          throw new Error(`${where}: id not a safe integer`);
        }
        if (
          /_at$|^first_aired$/.test(column) &&
          value !== null &&
          !(typeof value === 'string' && CANONICAL_TIME.test(value))
        ) {
          throw new Error(`${where}: not a canonical timestamp`);
        }
        if (typeof value === 'string' && LONE_SURROGATE.test(value))
          throw new Error(`${where}: lone surrogate`);
      }
    }
  }
}

const names = Object.keys(NORMALIZERS).filter((n): n is NormalizerName => Object.hasOwn(NORMALIZERS, n));

for (const name of names) {
  test(`${name}: mutated Apiary items give well-formed rows or a ShapeError, never another exception`, (t) => {
    const seeds = SEEDS[name] ?? [];
    t.true(seeds.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...seeds).chain(mutated), (item) => {
        const batch = rowsOrShapeError(() => NORMALIZERS[name].normalize(item, ctx));
        if (batch !== null) checkRows(batch);
      }),
      { numRuns: 400, seed: 20261126 },
    );
    t.pass();
  });

  test(`${name}: arbitrary JSON gives rows or a ShapeError`, (t) => {
    fc.assert(
      fc.property(jsonish, (item) => {
        const batch = rowsOrShapeError(() => NORMALIZERS[name].normalize(item, ctx));
        if (batch !== null) checkRows(batch);
      }),
      { numRuns: 200, seed: 20261127 },
    );
    t.pass();
  });
}

test('the valid seeds themselves all normalize (except the Apiary season without ids.trakt)', (t) => {
  let produced = 0;
  for (const name of names) {
    for (const item of SEEDS[name] ?? []) {
      const batch = rowsOrShapeError(() => NORMALIZERS[name].normalize(item, ctx));
      if (batch !== null) produced += 1;
    }
  }
  const total = names.reduce((n, name) => n + (SEEDS[name]?.length ?? 0), 0);
  t.is(produced, total - 1);
});

test('profile and stats: mutated responses give rows or a ShapeError', (t) => {
  fc.assert(
    fc.property(
      mutated(settings),
      fc.option(mutated({ username: 'x', ids: { slug: 'x', trakt: 1 } })),
      (s, u) => {
        const batch = rowsOrShapeError(() => normalizeProfile(s, u ?? undefined));
        if (batch !== null) checkRows(batch);
      },
    ),
    { numRuns: 300, seed: 7 },
  );
  fc.assert(
    fc.property(mutated(stats), (s) => {
      const batch = rowsOrShapeError(() => normalizeStats(s, '2026-11-01T00:00:00.000Z'));
      if (batch !== null) checkRows(batch);
    }),
    { numRuns: 300, seed: 8 },
  );
  t.pass();
});
