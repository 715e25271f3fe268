import test from 'ava';
import fc from 'fast-check';
import {
  localKey,
  planSlices,
  RATED_TYPES,
  RATING_VALUES,
  type RatedMediaType,
  remoteRatingCounts,
  type SlicePart,
} from '../../src/extract/ratings-slices.ts';

/**
 * The slice planner against a model of Trakt: a mirror and a truth of
 * ratings (type -> item -> value), random changes between them, the plan
 * carried out as the runner does (a slice replaces its (type, value) rows
 * and updates the rows it receives by key; then each type is proven against
 * its count and paged whole when it does not add up).
 */

type Ratings = Map<RatedMediaType, Map<number, number>>;

const TYPES = RATED_TYPES.map((t) => t.mediaType);

const mirrorArb = fc
  .array(
    fc.tuple(fc.constantFrom(...TYPES), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 10 })),
    {
      maxLength: 300,
    },
  )
  .map((rows) => {
    const ratings: Ratings = new Map(TYPES.map((t) => [t, new Map()]));
    for (const [type, id, value] of rows) ratings.get(type)?.set(id, value);
    return ratings;
  });

/** A change: rate (add or change value, or the same value again) or remove. */
const changeArb = fc.record({
  type: fc.constantFrom(...TYPES),
  id: fc.integer({ min: 1, max: 400 }),
  value: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
});

function clone(r: Ratings): Ratings {
  return new Map([...r].map(([t, items]) => [t, new Map(items)]));
}

function stats(r: Ratings): unknown {
  const distribution: Record<string, number> = {};
  for (const v of RATING_VALUES) distribution[String(v)] = 0;
  const out: Record<string, unknown> = {};
  for (const t of RATED_TYPES) {
    const items = r.get(t.mediaType) ?? new Map();
    out[t.stats] = { ratings: items.size, comments: 0 };
    for (const value of items.values()) distribution[String(value)] = (distribution[String(value)] ?? 0) + 1;
  }
  const total = Object.values(distribution).reduce((a, b) => a + b, 0);
  return { ...out, ratings: { total, distribution } };
}

function localCounts(r: Ratings): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [type, items] of r) {
    for (const value of items.values())
      counts.set(localKey(type, value), (counts.get(localKey(type, value)) ?? 0) + 1);
  }
  return counts;
}

/** The runner's use of a plan: slices replace their rows, then each type is proven by its count. */
function carryOut(mirror: Ratings, truth: Ratings, parts: SlicePart[]): { mirror: Ratings; items: number } {
  const out = clone(mirror);
  let items = 0;
  const page = (type: RatedMediaType, values: readonly number[] | 'all') => {
    const mine = out.get(type) ?? new Map<number, number>();
    const theirs = truth.get(type) ?? new Map<number, number>();
    const inSlice = (v: number) => values === 'all' || values.includes(v);
    const staged = [...theirs].filter(([, v]) => inSlice(v));
    items += staged.length;
    const keys = new Set(staged.map(([id]) => id));
    for (const [id, v] of [...mine]) if (inSlice(v) && !keys.has(id)) mine.delete(id);
    for (const [id, v] of staged) mine.set(id, v);
  };
  for (const part of parts) page(part.mediaType, part.values);
  for (const part of parts) {
    if (part.values === 'all') continue;
    if (out.get(part.mediaType)?.size !== truth.get(part.mediaType)?.size) page(part.mediaType, 'all');
  }
  return { mirror: out, items };
}

function same(a: Ratings, b: Ratings): boolean {
  return TYPES.every((t) => {
    const x = a.get(t) ?? new Map();
    const y = b.get(t) ?? new Map();
    return x.size === y.size && [...x].every(([id, v]) => y.get(id) === v);
  });
}

test('slices leave the mirror exact unless a value changed both ways while another value moved', (t) => {
  fc.assert(
    fc.property(mirrorArb, fc.array(changeArb, { minLength: 1, maxLength: 6 }), (mirror, changes) => {
      const truth = clone(mirror);
      const touched = new Set<number>();
      const moved = new Set<RatedMediaType>();
      for (const change of changes) {
        const items = truth.get(change.type) as Map<number, number>;
        const before = items.get(change.id);
        if (change.value === undefined) {
          if (before === undefined) continue;
          items.delete(change.id);
        } else {
          items.set(change.id, change.value);
          touched.add(change.value);
        }
        if (before !== undefined) touched.add(before);
        moved.add(change.type);
      }
      if (moved.size === 0) return;
      const parts = planSlices({
        moved: [...moved],
        local: localCounts(mirror),
        remote: remoteRatingCounts(stats(truth)),
        pageSize: 250,
      });
      // Only the moved types are paged, each once.
      t.deepEqual(
        parts.map((p) => p.mediaType),
        TYPES.filter((type) => moved.has(type)),
      );
      const result = carryOut(mirror, truth, parts);
      // The net change of each value over the moved types: what the stats let the planner see.
      const net = (v: number) =>
        [...moved].reduce(
          (n, type) =>
            n +
            [...(truth.get(type) ?? new Map()).values()].filter((x) => x === v).length -
            [...(mirror.get(type) ?? new Map()).values()].filter((x) => x === v).length,
          0,
        );
      const hidden = [...touched].some((v) => net(v) === 0) && RATING_VALUES.some((v) => net(v) !== 0);
      if (!hidden) t.true(same(result.mirror, truth), JSON.stringify({ changes, parts }));
    }),
    { numRuns: 400 },
  );
});

test('a type whose every value counts as before is paged whole; unmoved types never', (t) => {
  fc.assert(
    fc.property(mirrorArb, fc.constantFrom(...TYPES), (mirror, type) => {
      const parts = planSlices({
        moved: [type],
        local: localCounts(mirror),
        remote: remoteRatingCounts(stats(mirror)),
        pageSize: 250,
      });
      t.deepEqual(parts, [{ mediaType: type, values: 'all', why: 'rated_at moved but no count did' }]);
    }),
    { numRuns: 100 },
  );
});

test('one changed rating pages only its two values, in one comma-separated part', (t) => {
  const mirror: Ratings = new Map(TYPES.map((type) => [type, new Map()]));
  const movies = mirror.get('movie') as Map<number, number>;
  for (let id = 1; id <= 5000; id += 1) movies.set(id, (id % 10) + 1);
  const truth = clone(mirror);
  truth.get('movie')?.set(7, 3);
  const parts = planSlices({
    moved: ['movie'],
    local: localCounts(mirror),
    remote: remoteRatingCounts(stats(truth)),
    pageSize: 250,
  });
  t.deepEqual(parts, [{ mediaType: 'movie', values: [3, 8], why: 'counts moved for 3, 8' }]);
  const result = carryOut(mirror, truth, parts);
  t.true(same(result.mirror, truth));
  // 1,000 items (two of ten values) instead of 5,000.
  t.is(result.items, 1000);
});

test('stats that cannot be read, or contradict the unmoved types, page the moved types whole', (t) => {
  const local = new Map([[localKey('show', 5), 3]]);
  t.deepEqual(
    planSlices({ moved: ['movie'], local, remote: undefined, pageSize: 250 }).map((p) => p.values),
    ['all'],
  );
  const remote = remoteRatingCounts(stats(new Map(TYPES.map((type) => [type, new Map([[1, 4]])]))));
  t.deepEqual(
    planSlices({ moved: ['movie'], local, remote, pageSize: 250 }).map((p) => p.why),
    ["the stats' counts disagree with the unchanged types"],
  );
  t.is(remoteRatingCounts({ movies: { ratings: 1 } }), undefined);
});
