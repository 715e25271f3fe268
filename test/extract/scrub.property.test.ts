import test from 'ava';
import fc from 'fast-check';
import {
  compareOrder,
  MIN_GAP_SHARE,
  planScrub,
  type ScrubCursor,
  type ScrubPart,
} from '../../src/extract/scrub.ts';
import { advance } from '../../src/extract/scrub-run.ts';

/**
 * The rotation planner (src/extract/scrub.ts), against a model of syncs at
 * random moments: it never spends more than the budget share, never scrubs
 * twice within the minimum gap, walks the parts in their fixed order, and
 * verifies every part within the period (plus one sync interval) whenever
 * syncs come at least that often and the share can pay for the dearest part.
 */

const DAY = 86_400_000;
const START = Date.parse('2026-12-01T00:00:00.000Z');

const partsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 30 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc
          .record({
            segment: fc.integer({ min: 1, max: 3 }),
            cost: fc.integer({ min: 1, max: 40 }),
          })
          .map(({ segment, cost }): ScrubPart => ({ key: `part:${id}`, order: [segment, id], cost })),
      ),
    ),
  );

function sorted(parts: readonly ScrubPart[]): ScrubPart[] {
  return [...parts].sort((a, b) => compareOrder(a.order, b.order));
}

test('no stored rotation: it begins, and nothing is due', (t) => {
  fc.assert(
    fc.property(partsArb, (parts) => {
      const plan = planScrub({ parts, cursor: undefined, now: START, periodMs: 7 * DAY, cap: 50 });
      t.deepEqual(plan.due, []);
      t.deepEqual(plan.start?.next.order, sorted(parts)[0]?.order);
      t.is(plan.start?.credit, 0);
    }),
    { seed: 20, numRuns: 200 },
  );
});

test('within the minimum gap nothing is due, whatever the credit', (t) => {
  fc.assert(
    fc.property(
      partsArb,
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.integer({ min: 1000, max: 30 * DAY }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      (parts, credit, periodMs, share) => {
        const at = new Date(START).toISOString();
        const cursor: ScrubCursor = {
          at,
          credit,
          next: { order: [...(sorted(parts)[0]?.order ?? [0, 0])] },
          passStartedAt: at,
          passCost: 1,
          verified: {},
        };
        const now = START + Math.floor(periodMs * MIN_GAP_SHARE * share);
        t.deepEqual(planScrub({ parts, cursor, now, periodMs, cap: 1000 }).due, []);
      },
    ),
    { seed: 21, numRuns: 300 },
  );
});

test('syncs at random moments: within the share, in order, and every part verified within the period', (t) => {
  fc.assert(
    fc.property(
      partsArb,
      fc.integer({ min: 1, max: 14 }).map((days) => days * DAY),
      // Gaps in thousandths of the period: from just over the minimum gap to a quarter of it.
      fc.array(fc.integer({ min: 2, max: 250 }), { minLength: 40, maxLength: 120 }),
      (parts, periodMs, gaps) => {
        const ordered = sorted(parts);
        // A share that pays for what accrues between two syncs, and for the dearest part.
        const dearest = Math.max(...parts.map((p) => p.cost));
        const passCost = parts.reduce((n, p) => n + p.cost, 0);
        const cap = Math.ceil((passCost * Math.max(...gaps)) / 1000) + dearest;
        let now = START;
        let cursor = planScrub({ parts, cursor: undefined, now, periodMs, cap }).start as ScrubCursor;
        const lastSeen = new Map<string, number>(parts.map((p) => [p.key, START]));
        let longest = 0;
        for (const gap of gaps) {
          now += Math.floor((gap * periodMs) / 1000);
          longest = Math.max(longest, Math.floor((gap * periodMs) / 1000));
          const plan = planScrub({ parts, cursor, now, periodMs, cap });
          const spent = plan.due.reduce((n, p) => n + p.cost, 0);
          t.true(spent <= cap, `spent ${spent} of a cap of ${cap}`);
          t.true(plan.credit <= cap);
          // In rotation order from the stored position, wrapping at most once.
          const start = ordered.findIndex((p) => compareOrder(p.order, cursor.next.order) >= 0);
          plan.due.forEach((part, k) => {
            t.is(part.key as string | undefined, ordered[(Math.max(0, start) + k) % ordered.length]?.key);
          });
          if (plan.due.length === 0) continue;
          const at = new Date(now).toISOString();
          cursor = { ...cursor, at, credit: plan.credit, passCost: plan.passCost };
          for (const part of plan.due) {
            cursor = advance(cursor, part, undefined, ordered, at);
            lastSeen.set(part.key, now);
          }
          // No part waits longer than the period and one sync interval.
          for (const [key, seen] of lastSeen) {
            t.true(now - seen <= periodMs + longest + 1, `${key} unverified for ${(now - seen) / DAY} days`);
          }
        }
      },
    ),
    { seed: 22, numRuns: 150 },
  );
});

test('after a long pause a sync spends at most the share; the rest stays due for the next syncs', (t) => {
  fc.assert(
    fc.property(partsArb, fc.integer({ min: 1, max: 60 }), (parts, cap) => {
      const ordered = sorted(parts);
      const periodMs = 7 * DAY;
      const begun = planScrub({ parts, cursor: undefined, now: START, periodMs, cap }).start as ScrubCursor;
      // A month without a sync.
      const plan = planScrub({ parts, cursor: begun, now: START + 30 * DAY, periodMs, cap });
      const spent = plan.due.reduce((n, p) => n + p.cost, 0);
      const first = ordered[0] as ScrubPart;
      // The share, or the one part dearer than it (paid only with a full credit).
      t.true(spent <= Math.max(cap, first.cost), `spent ${spent} with a cap of ${cap}`);
      t.true(plan.due.length > 0);
      const passCost = parts.reduce((n, p) => n + p.cost, 0);
      t.is(plan.credit, Math.min(cap, (passCost * 30) / 7));
    }),
    { seed: 23, numRuns: 300 },
  );
});
