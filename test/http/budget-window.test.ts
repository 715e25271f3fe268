import test from 'ava';
import { BudgetWindow } from '../../src/http/budget-window.ts';
import { T0 } from './helpers/clock.ts';

const header = (remaining: number, until: number, limit = 10) => ({
  limit,
  remaining,
  until: new Date(until).toISOString(),
});

function drain(budget: BudgetWindow, now: number): number {
  let n = 0;
  while (budget.take(now).ok) n += 1;
  return n;
}

test('a fresh window opens at the first request and holds `limit` requests', (t) => {
  const budget = new BudgetWindow({ limit: 3, windowMs: 10_000, marginMs: 1000 });
  t.is(drain(budget, T0 + 5), 3);
  t.deepEqual(budget.take(T0 + 6), { ok: false, until: T0 + 10_005 });
  t.deepEqual(budget.window, { end: T0 + 10_005, told: false });
  // No margin on a window we only assumed.
  t.true(budget.take(T0 + 10_005).ok);
});

test('a told window: `remaining` minus in flight, then a dead zone of marginMs after `until`', (t) => {
  const budget = new BudgetWindow({ limit: 500, windowMs: 300_000, marginMs: 1000 });
  for (let i = 0; i < 4; i++) budget.take(T0);
  budget.settle(header(10, T0 + 60_000, 500), T0);
  // 10 remain, 3 others in flight.
  t.is(budget.tokens, 7);
  t.is(drain(budget, T0 + 1), 7);
  t.deepEqual(budget.take(T0 + 60_000), { ok: false, until: T0 + 61_000 });
  t.true(budget.take(T0 + 61_000).ok);
  t.is(budget.tokens, 499);
});

test('the limit and period from the server size later windows', (t) => {
  const budget = new BudgetWindow({ limit: 500, windowMs: 300_000, marginMs: 0 });
  budget.take(T0);
  budget.settle({ limit: 20, remaining: 19, until: new Date(T0 + 5000).toISOString(), period: 5 }, T0);
  t.is(budget.limit, 20);
  t.is(budget.windowMs, 5000);
  budget.take(T0 + 5000);
  t.is(budget.tokens, 19);
  t.deepEqual(budget.window, { end: T0 + 10_000, told: false });
});

test('a clock ahead of the server is learned from an answer naming a window that had already ended', (t) => {
  const budget = new BudgetWindow({ limit: 10, windowMs: 60_000, marginMs: 1000 });
  budget.take(T0);
  budget.settle(header(0, T0 + 10_000), T0);
  t.deepEqual(budget.take(T0 + 1), { ok: false, until: T0 + 11_000 });
  // We reopen at T0 + 11 s by our clock, but Trakt, 4 s behind, still counts it in the old window.
  t.true(budget.take(T0 + 11_000).ok);
  budget.settle(header(0, T0 + 10_000), T0 + 11_000);
  t.is(budget.lagMs, 1000);
  t.is(budget.tokens, 0);
  t.deepEqual(budget.window, { end: T0 + 11_000, told: true });
  t.deepEqual(budget.take(T0 + 11_500), { ok: false, until: T0 + 12_000 });
  // Later windows are placed by the learned lag.
  budget.take(T0 + 12_000);
  budget.settle(header(9, T0 + 70_000), T0 + 12_000);
  t.deepEqual(budget.window, { end: T0 + 71_000, told: true });
});

test('settle without an answer frees the in-flight slot but not the token', (t) => {
  const budget = new BudgetWindow({ limit: 2, windowMs: 1000, marginMs: 0 });
  budget.take(T0);
  t.is(budget.inFlight, 1);
  budget.settle(undefined, T0);
  t.is(budget.inFlight, 0);
  t.is(budget.tokens, 1);
});

test('settle reports when a waiter should look again', (t) => {
  const budget = new BudgetWindow({ limit: 1, windowMs: 300_000, marginMs: 0 });
  budget.take(T0);
  t.false(budget.settle(header(5, T0 + 300_000), T0));
  budget.take(T0);
  // Trakt moved to a new window with budget: a waiter should wake.
  t.true(budget.settle(header(400, T0 + 600_000, 500), T0 + 1));
});

test('bad settings are refused', (t) => {
  t.throws(() => new BudgetWindow({ limit: 0, windowMs: 1000, marginMs: 0 }), { instanceOf: RangeError });
  t.throws(() => new BudgetWindow({ limit: 1, windowMs: Number.NaN, marginMs: 0 }), {
    instanceOf: RangeError,
  });
});
