import test from 'ava';
import fc from 'fast-check';
import type { Scope } from '../../src/load/store.ts';
import { ChunkPlan, chunkableScope, justBefore } from '../../src/runs/chunk-plan.ts';

interface Play {
  id: number;
  at: string;
}

const BASE = Date.parse('2020-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(BASE + ms).toISOString();

/** Microseconds since the epoch of an ISO text with 3 or 6 fraction digits (text order is not time order then). */
function micros(text: string): number {
  const fraction = /\.(\d+)Z$/.exec(text)?.[1] ?? '0';
  return Math.floor(Date.parse(text) / 1000) * 1_000_000 + Number(fraction.padEnd(6, '0'));
}

/** Plays with few distinct times (many share one) and twins (the same play on two pages). */
const plays = fc
  .array(fc.record({ id: fc.integer({ min: 1, max: 400 }), t: fc.integer({ min: 0, max: 60 }) }), {
    maxLength: 300,
  })
  .map((raw) => {
    // A play has one time: its twins carry the time of its first copy.
    const timeOf = new Map<number, number>();
    return raw.map(({ id, t }): Play => {
      if (!timeOf.has(id)) timeOf.set(id, t * 1000);
      return { id, at: iso(timeOf.get(id) as number) };
    });
  });

/** Newest first, as pages are, then each play moved at most `jitter` places (pages saved out of order). */
function nearlySorted(list: Play[], jitter: number, seed: number): Play[] {
  const sorted = [...list].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  let state = seed;
  const keyed = sorted.map((play, i) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return { play, key: i + (state % (jitter + 1)) };
  });
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.play);
}

/** Feeds plays page by page as the replay does; returns each play's chunk and the plan. */
function run(list: Play[], size: number, pageSize: number) {
  const plan = new ChunkPlan(size);
  const placed: { play: Play; chunk: number; openFrom: number }[] = [];
  const finals: number[] = [];
  for (let start = 0; start < list.length; start += pageSize) {
    for (const play of list.slice(start, start + pageSize)) {
      const openFrom = Math.max(0, plan.filling - 1);
      placed.push({ play, chunk: plan.place(play.at), openFrom });
    }
    const final = plan.cut();
    if (final !== undefined) finals.push(final);
  }
  return { plan, placed, finals, chunks: plan.filling + 1 };
}

function holds(range: { from?: string; before?: string }, at: string): boolean {
  return (range.from === undefined || at >= range.from) && (range.before === undefined || at < range.before);
}

const sizes = fc.record({ size: fc.integer({ min: 1, max: 60 }), pageSize: fc.integer({ min: 1, max: 25 }) });

test('chunk ranges are disjoint and cover every time, and each play lands in one open chunk', (t) => {
  fc.assert(
    fc.property(plays, sizes, (list, { size, pageSize }) => {
      const { plan, placed, finals, chunks } = run(list, size, pageSize);
      // Final chunks come in order, each once, and never the one still open.
      t.deepEqual(
        finals,
        finals.map((_, i) => i),
      );
      // Any time, including every play's and every cut's neighbours, is in exactly one chunk's range.
      const probes = list.flatMap((p) => [
        p.at,
        iso(Date.parse(p.at) - BASE - 1),
        iso(Date.parse(p.at) - BASE + 1),
      ]);
      for (const at of probes) {
        const holders = [...Array(chunks).keys()].filter((c) => holds(plan.range(c), at));
        t.is(holders.length, 1, `${at} in chunks ${holders.join(',')}`);
      }
      for (const { play, chunk, openFrom } of placed) {
        // A play goes to a chunk that is still open when it arrives...
        t.true(chunk >= openFrom && chunk < chunks);
        // ... the one whose range holds it, unless that one was already final (it came a chunk too late).
        if (!holds(plan.range(chunk), play.at)) t.is(chunk, openFrom);
      }
    }),
    { numRuns: 300 },
  );
});

test('pages newest first, even a little out of order, put every play and its twins in the chunk that holds its time', (t) => {
  fc.assert(
    fc.property(
      plays,
      sizes,
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 1, max: 1000 }),
      (list, { size, pageSize }, jitter, seed) => {
        // Rows out of place by less than a chunk never reach a chunk that is already final.
        fc.pre(jitter < size);
        const { plan, placed } = run(nearlySorted(list, jitter, seed), size, pageSize);
        const chunkOf = new Map<number, number>();
        for (const { play, chunk } of placed) {
          t.true(holds(plan.range(chunk), play.at), `${play.at} outside chunk ${chunk}`);
          t.is(chunkOf.get(play.id) ?? chunk, chunk, `twins of ${play.id} apart`);
          chunkOf.set(play.id, chunk);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('a chunk is cut only between two different times, once it holds the chunk size', (t) => {
  const plan = new ChunkPlan(3);
  const at = ['2020-01-05T00:00:00.000Z', '2020-01-04T00:00:00.000Z', '2020-01-04T00:00:00.000Z'];
  t.deepEqual(
    at.map((a) => plan.place(a)),
    [0, 0, 0],
  );
  t.is(plan.cut(), undefined); // the first cut makes no chunk final: the next page may still hold its rows
  t.deepEqual(plan.range(0), { from: '2020-01-04T00:00:00.000Z' });
  // The same time on the next page still belongs to chunk 0; an older one opens chunk 1.
  t.is(plan.place('2020-01-04T00:00:00.000Z'), 0);
  t.is(plan.place('2020-01-03T00:00:00.000Z'), 1);
  t.is(plan.cut(), undefined);
  t.is(plan.place('2020-01-02T00:00:00.000Z'), 1);
  t.is(plan.place('2020-01-02T00:00:00.000Z'), 1);
  t.is(plan.cut(), 0);
  t.deepEqual(plan.range(1), { from: '2020-01-02T00:00:00.000Z', before: '2020-01-04T00:00:00.000Z' });
  // A straggler for final chunk 0 goes to the oldest open chunk.
  t.is(plan.place('2020-01-09T00:00:00.000Z'), 1);
  t.is(plan.filling, 2);
});

const rangeScope = fc
  .record({
    from: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    span: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  })
  .map(
    ({ from, span }): Scope => ({
      kind: 'range',
      column: 'watched_at',
      equals: { media_type: 'episode' },
      ...(from === undefined ? {} : { from: iso(from * 1000) }),
      ...(span === undefined ? {} : { to: iso(((from ?? 0) + span) * 1000) }),
    }),
  );

function inScope(scope: Scope, at: string): boolean {
  if (scope.kind !== 'range') return true;
  return (
    (scope.from === undefined || micros(at) >= micros(scope.from)) &&
    (scope.to === undefined || micros(at) <= micros(scope.to))
  );
}

test("the chunks' scopes split the load's scope: every time in it is in exactly one, and none outside it", (t) => {
  const scopes = fc.oneof(
    rangeScope,
    fc.constant<Scope>({ kind: 'all' }),
    fc.constant<Scope>({ kind: 'where', equals: { media_type: 'movie' } }),
  );
  fc.assert(
    fc.property(plays, sizes, scopes, (list, { size, pageSize }, scope) => {
      if (!chunkableScope(scope, 'watched_at')) return t.fail('a range on watched_at can be chunked');
      const { plan, chunks } = run(list, size, pageSize);
      const chunkScopes = [...Array(chunks).keys()].map((c) => plan.scope(scope, 'watched_at', c));
      for (const s of chunkScopes) {
        t.is(s.kind, 'range');
        if (s.kind !== 'range') continue;
        t.is(s.column, 'watched_at');
        t.deepEqual(s.equals, scope.kind === 'all' ? undefined : (scope as { equals?: unknown }).equals);
      }
      const probes = [
        ...list.flatMap((p) => [p.at, justBefore(p.at), iso(Date.parse(p.at) - BASE + 1)]),
        ...(scope.kind === 'range' ? [scope.from, scope.to].filter((x) => x !== undefined) : []),
        iso(-1),
        iso(61_001),
      ];
      for (const at of probes) {
        const holders = chunkScopes.filter((s) => inScope(s, at)).length;
        t.is(holders, inScope(scope, at) ? 1 : 0, `${at}`);
      }
    }),
    { numRuns: 300 },
  );
});

test('upsert loads stay upserts, snapshots and ranges on other columns or with odd spellings are not chunked', (t) => {
  const plan = new ChunkPlan(1);
  plan.place('2020-01-01T00:00:00.000Z');
  plan.cut();
  t.deepEqual(plan.scope({ kind: 'upsert' }, 'watched_at', 1), { kind: 'upsert' });
  t.false(chunkableScope({ kind: 'snapshot' }, 'watched_at'));
  t.false(chunkableScope({ kind: 'range', column: 'rated_at' }, 'watched_at'));
  t.false(chunkableScope({ kind: 'range', column: 'watched_at', to: '2020-01-01T00:00:00Z' }, 'watched_at'));
  t.true(
    chunkableScope({ kind: 'range', column: 'watched_at', to: '2020-01-01T00:00:00.000Z' }, 'watched_at'),
  );
});

test('justBefore is the last microsecond before a time', (t) => {
  t.is(justBefore('2014-09-01T09:10:11.000Z'), '2014-09-01T09:10:10.999999Z');
  t.is(justBefore('2014-09-01T09:10:11.123Z'), '2014-09-01T09:10:11.122999Z');
  t.is(micros(justBefore('2014-09-01T09:10:11.123Z')), micros('2014-09-01T09:10:11.123Z') - 1);
});
