import test from 'ava';
import { call, manualClock, start } from './helpers.ts';

test('X-Ratelimit JSON on every API response, counting down in the window', async (t) => {
  const clock = manualClock('2026-11-10T12:00:00.000Z');
  const sim = await start(t, { rateLimit: { limit: 10, windowMs: 2000 }, clock: clock.now });
  const a = await call(sim, '/sync/last_activities');
  const b = await call(sim, '/users/me/stats');
  const c = await call(sim, '/sync/history/cartoons');
  const d = await call(sim, '/sync/history', { token: 'nope' });
  for (const r of [a, b, c, d]) t.truthy(r.headers.get('x-ratelimit'));
  const ha = JSON.parse(a.headers.get('x-ratelimit')!);
  t.deepEqual(ha, {
    name: 'AUTHED_API_GET_LIMIT',
    period: 2,
    limit: 10,
    remaining: 9,
    until: '2026-11-10T12:00:02Z',
  });
  t.is(JSON.parse(b.headers.get('x-ratelimit')!).remaining, 8);
  t.is(c.status, 404);
  // An unknown token is not the user's: it spends the app's unauthenticated budget.
  t.is(JSON.parse(d.headers.get('x-ratelimit')!).name, 'UNAUTHED_API_GET_LIMIT');
});

test('exceeding the budget gives 429 with Retry-After, then a lockout of every request', async (t) => {
  const clock = manualClock('2026-11-10T12:00:00.000Z');
  const sim = await start(t, { rateLimit: { limit: 5, windowMs: 2000 }, lockoutMs: 3500, clock: clock.now });
  for (let i = 0; i < 5; i++) t.is((await call(sim, '/sync/last_activities')).status, 200);
  const tripped = await call(sim, '/sync/last_activities');
  t.is(tripped.status, 429);
  t.is(tripped.headers.get('retry-after'), '4');
  t.truthy(tripped.headers.get('x-ratelimit'));
  t.is(JSON.parse(tripped.headers.get('x-ratelimit')!).remaining, 0);
  t.is(tripped.json.error, 'rate_limit_exceeded');
  // A new window has begun, but the lockout still holds, for every kind of request.
  clock.advance(2100);
  const locked = await call(sim, '/users/settings');
  t.is(locked.status, 429);
  t.is(locked.headers.get('retry-after'), '2');
  const write = await call(sim, '/sync/playback/1', { method: 'DELETE' });
  t.is(write.status, 429);
  clock.advance(1500);
  t.is((await call(sim, '/users/settings')).status, 200);
  const kinds = sim.requests().map((r) => r.rateLimited ?? '-');
  t.deepEqual(kinds, ['-', '-', '-', '-', '-', 'budget', 'lockout', 'lockout', '-']);
});

test('Retry-After is whole seconds, rounded up, at least 1', async (t) => {
  const clock = manualClock('2026-11-10T12:00:00.000Z');
  const sim = await start(t, { rateLimit: { limit: 1, windowMs: 500 }, lockoutMs: 300, clock: clock.now });
  await call(sim, '/sync/last_activities');
  const r = await call(sim, '/sync/last_activities');
  t.is(r.status, 429);
  t.is(r.headers.get('retry-after'), '1');
});

test('without a lockout a trip lasts until the window ends', async (t) => {
  const clock = manualClock('2026-11-10T12:00:00.000Z');
  const sim = await start(t, { rateLimit: { limit: 2, windowMs: 10_000 }, lockoutMs: 0, clock: clock.now });
  await call(sim, '/sync/last_activities');
  clock.advance(1000);
  await call(sim, '/sync/last_activities');
  const r = await call(sim, '/sync/last_activities');
  t.is(r.status, 429);
  t.is(r.headers.get('retry-after'), '9');
  clock.advance(9000);
  t.is((await call(sim, '/sync/last_activities')).status, 200);
});

test('writes have their own bucket of 1 per second', async (t) => {
  const clock = manualClock('2026-11-10T12:00:00.000Z');
  const sim = await start(t, { rateLimit: { limit: 100, windowMs: 1000 }, lockoutMs: 0, clock: clock.now });
  const id = sim.truth().playback[0]!.playback_id;
  const first = await call(sim, `/sync/playback/${id}`, { method: 'DELETE' });
  t.is(first.status, 204);
  t.is(JSON.parse(first.headers.get('x-ratelimit')!).name, 'AUTHED_API_POST_LIMIT');
  const second = await call(sim, '/sync/playback/1', { method: 'DELETE' });
  t.is(second.status, 429);
  t.is((await call(sim, '/sync/last_activities')).status, 200);
  clock.advance(1000);
  t.is((await call(sim, '/sync/playback/1', { method: 'DELETE' })).status, 404);
});

test('the default budget is 500 GETs per 5 minutes (docs/trakt-api.md §2, #909)', async (t) => {
  const sim = await start(t);
  const header = JSON.parse((await call(sim, '/sync/last_activities')).headers.get('x-ratelimit')!);
  t.is(header.limit, 500);
  t.is(header.period, 300);
});

test('control routes are not rate limited and need no headers', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { rateLimit: { limit: 1, windowMs: 60_000 }, clock: clock.now });
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${sim.url}/_sim/requests`);
    t.is(r.status, 200);
  }
  t.is((await call(sim, '/sync/last_activities')).status, 200);
});
