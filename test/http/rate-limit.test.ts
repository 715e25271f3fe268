import test from 'ava';
import { InterruptedError } from '../../src/errors.ts';
import type { HttpEvent, TraktResponse } from '../../src/http/client.ts';
import { RateLimitedError } from '../../src/http/errors.ts';
import { AutoClock, ManualClock, settle, T0, until } from './helpers/clock.ts';
import { harness } from './helpers/setup.ts';
import { html, json, rateLimitHeader } from './helpers/transport.ts';

function waits(events: HttpEvent[]) {
  return events.flatMap((e) =>
    e.type === 'rate-limit-wait' ? [{ ms: e.ms, until: e.until, reason: e.reason }] : [],
  );
}

/** Replies that the test releases one by one, to control what is in flight. */
function deferredReplies() {
  const pending: Array<(response: Response) => void> = [];
  return {
    pending,
    route: () => new Promise<Response>((resolve) => pending.push(resolve)),
  };
}

test('without any X-Ratelimit the configured budget holds: 3 per window, the rest wait for the next', async (t) => {
  const clock = new ManualClock();
  const { client, transport, events } = harness(clock, { rateLimit: { limit: 3, windowMs: 1000 } });
  transport.otherwise(() => json(200, []));
  const all = Promise.all(Array.from({ length: 7 }, (_, i) => client.get(`/p/${i}`)));

  await until(() => transport.calls.length === 3, '3 calls');
  await settle();
  t.is(transport.calls.length, 3);
  t.deepEqual(waits(events), [{ ms: 1000, until: T0 + 1000, reason: 'budget' }]);

  await clock.advance(1000);
  await until(() => transport.calls.length === 6, '6 calls');
  await settle();
  t.is(transport.calls.length, 6);
  await clock.advance(1000);
  await all;
  t.deepEqual(
    transport.calls.map((c) => c.at - T0),
    [0, 0, 0, 1000, 1000, 1000, 2000],
  );
  // Requests leave in the order they were asked for.
  t.deepEqual(
    transport.calls.map((c) => c.url.split('/').pop()),
    ['0', '1', '2', '3', '4', '5', '6'],
  );
  t.is(client.stats.waitedMs, 2000);
  t.is(client.stats.rateLimited, 0);
});

test('a full budget goes out at once, not spread over the window', async (t) => {
  const clock = new ManualClock();
  const { client, transport, events } = harness(clock, { rateLimit: { limit: 50, windowMs: 300_000 } });
  transport.otherwise(() => json(200, {}));
  await Promise.all(Array.from({ length: 50 }, (_, i) => client.get(`/p/${i}`)));
  t.is(transport.calls.length, 50);
  t.true(transport.calls.every((c) => c.at === T0));
  t.deepEqual(waits(events), []);
  t.deepEqual(clock.requested, []);
});

test('the server saying remaining 3 allows exactly 3 more before waiting until `until`', async (t) => {
  const clock = new ManualClock();
  const { client, transport, events } = harness(clock);
  const windowEnd = T0 + 60_000;
  // The server's window was mostly used before we started.
  transport.reply(json(200, [], rateLimitHeader({ limit: 500, remaining: 3, until: windowEnd })));
  transport.otherwise(() => json(200, []));
  await client.get('/first');

  const rest = Promise.all(Array.from({ length: 5 }, (_, i) => client.get(`/p/${i}`)));
  await until(() => transport.calls.length === 4, '4 calls');
  await settle();
  t.is(transport.calls.length, 4);
  t.deepEqual(waits(events), [{ ms: 60_000, until: windowEnd, reason: 'budget' }]);

  await clock.advance(59_999);
  t.is(transport.calls.length, 4);
  await clock.advance(1);
  await rest;
  t.deepEqual(
    transport.calls.map((c) => c.at - T0),
    [0, 0, 0, 0, 60_000, 60_000],
  );
});

test('requests in flight are subtracted from what the server says remains', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock);
  const replies = deferredReplies();
  transport.otherwise(replies.route);
  const windowEnd = T0 + 100_000;
  const first = Array.from({ length: 4 }, (_, i) => client.get(`/p/${i}`));
  await until(() => replies.pending.length === 4, '4 in flight');

  // The first answer says 2 remain; 3 other requests are in flight and may not be counted yet.
  replies.pending[0]?.(json(200, [], rateLimitHeader({ limit: 500, remaining: 2, until: windowEnd })));
  await first[0];
  t.is(client.limiter.budget('read').tokens, 0);

  const more = client.get('/later');
  await settle();
  t.is(transport.calls.length, 4);
  // Answers that arrive out of order and claim more cannot raise the budget within the window.
  replies.pending[1]?.(json(200, [], rateLimitHeader({ limit: 500, remaining: 5, until: windowEnd })));
  replies.pending[2]?.(json(200, [], rateLimitHeader({ limit: 500, remaining: 1, until: windowEnd })));
  replies.pending[3]?.(json(200, [], rateLimitHeader({ limit: 500, remaining: 0, until: windowEnd })));
  await Promise.all(first);
  await settle();
  t.is(transport.calls.length, 4);

  await clock.advanceTo(windowEnd);
  await until(() => replies.pending.length === 5, 'the fifth request');
  replies.pending[4]?.(json(200, []));
  await more;
  t.is(transport.calls[4]?.at, windowEnd);
});

test('a budget told by the server reopens `rateLimitMarginMs` after `until`', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock, { rateLimitMarginMs: 1000 });
  const windowEnd = T0 + 5_000;
  transport.reply(json(200, [], rateLimitHeader({ limit: 500, remaining: 0, until: windowEnd })));
  transport.otherwise(() => json(200, []));
  await client.get('/first');
  const next = client.get('/next');
  await settle();
  await clock.advanceTo(windowEnd);
  t.is(transport.calls.length, 1);
  await clock.advanceTo(windowEnd + 1000);
  await next;
  t.is(transport.calls[1]?.at, windowEnd + 1000);
});

test('a JSON 429 with Retry-After pauses every request, reads and writes, to the second', async (t) => {
  const clock = new ManualClock();
  const { client, transport, events } = harness(clock);
  transport.reply(
    json(
      429,
      { error: 'rate limited' },
      {
        'retry-after': '7',
        ...rateLimitHeader({ limit: 500, remaining: 0, until: T0 + 7000 }),
      },
    ),
  );
  transport.otherwise(() => json(200, []));
  const first = client.get('/sync/history', { page: 3 });
  await until(() => client.stats.rateLimited === 1, 'the 429');
  const second = client.get('/sync/ratings');
  const write = client.post('/sync/history/remove', { ids: [1] });
  await settle();
  t.is(transport.calls.length, 1);
  t.deepEqual(waits(events)[0], { ms: 7000, until: T0 + 7000, reason: 'retry-after' });

  await clock.advance(6999);
  t.is(transport.calls.length, 1);
  await clock.advance(1);
  await Promise.all([first, second, write]);
  t.deepEqual(
    transport.calls.map((c) => [c.method, c.at - T0]),
    [
      ['GET', 0],
      ['GET', 7000],
      ['GET', 7000],
      ['POST', 7000],
    ],
  );
  t.is(client.stats.rateLimited, 1);
  t.is(client.stats.retries, 1);
  t.is(client.stats.waitedMs, 7000);
});

test('a Cloudflare HTML 429 without X-Ratelimit honours Retry-After: 300 for the whole client', async (t) => {
  const clock = new ManualClock();
  const { client, transport, events } = harness(clock);
  transport.reply(html(429, undefined, { 'retry-after': '300' }));
  transport.otherwise(() => json(200, { ok: true }));
  const first = client.get('/users/me/watchlist');
  await until(() => client.stats.rateLimited === 1, 'the 429');
  const other = client.get('/users/me/lists');
  await settle();
  t.deepEqual(waits(events), [{ ms: 300_000, until: T0 + 300_000, reason: 'retry-after' }]);
  await clock.advance(299_999);
  t.is(transport.calls.length, 1);
  await clock.advance(1);
  const [a, b] = await Promise.all([first, other]);
  t.deepEqual(a.json, { ok: true });
  t.deepEqual(b.json, { ok: true });
  t.deepEqual(
    transport.calls.map((c) => c.at - T0),
    [0, 300_000, 300_000],
  );
});

test('a 429 without Retry-After waits until X-Ratelimit `until`', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock);
  transport.reply(json(429, {}, rateLimitHeader({ limit: 500, remaining: 0, until: T0 + 42_000 })));
  transport.otherwise(() => json(200, []));
  const request = client.get('/sync/history');
  await until(() => client.stats.rateLimited === 1, 'the 429');
  await settle();
  await clock.advance(41_999);
  t.is(transport.calls.length, 1);
  await clock.advance(1);
  await request;
  t.is(transport.calls[1]?.at, T0 + 42_000);
});

test('a 429 with no hint at all waits a minute', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock);
  transport.reply(text429());
  transport.otherwise(() => json(200, []));
  const request = client.get('/sync/history');
  await until(() => client.stats.rateLimited === 1, 'the 429');
  await settle();
  await clock.advance(60_000);
  await request;
  t.is(transport.calls[1]?.at, T0 + 60_000);
});

function text429(): Response {
  return new Response('slow down', { status: 429 });
}

test('a 429 that persists past maxRetries is a RateLimitedError', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { maxRetries: 2 });
  transport.otherwise(() => json(429, {}, { 'retry-after': '1' }));
  const error = await t.throwsAsync(client.get('/sync/history'), { instanceOf: RateLimitedError });
  t.is(transport.calls.length, 3);
  t.is(client.stats.rateLimited, 3);
  t.is(
    error.message,
    'GET /sync/history failed: Trakt still answered 429 (rate limited) after 3 attempts. Wait five minutes and run again; if it repeats, lower --rate-limit.',
  );
});

test('writes have their own budget of one per second', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock);
  transport.otherwise(() => json(201, {}));
  const writes = Promise.all([1, 2, 3].map((i) => client.post('/sync/history', { i })));
  const read = client.get('/sync/last_activities');
  await until(() => transport.calls.length === 2, 'a write and a read');
  await settle();
  t.deepEqual(
    transport.calls.map((c) => c.method),
    ['POST', 'GET'],
  );
  await clock.advance(1000);
  await until(() => transport.calls.length === 3, 'second write');
  await clock.advance(1000);
  await Promise.all([writes, read]);
  t.deepEqual(
    transport.calls.filter((c) => c.method === 'POST').map((c) => c.at - T0),
    [0, 1000, 2000],
  );
});

test('a later window from the server replaces an assumed one, and a stale answer is ignored', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock, { rateLimit: { limit: 10, windowMs: 300_000 } });
  const replies: Response[] = [
    json(200, [], rateLimitHeader({ limit: 10, remaining: 1, until: T0 + 2000, period: 2 })),
    json(200, [], rateLimitHeader({ limit: 10, remaining: 0, until: T0 + 2000, period: 2 })),
  ];
  transport.reply(...replies);
  transport.otherwise(() =>
    json(200, [], rateLimitHeader({ limit: 10, remaining: 9, until: T0 + 4000, period: 2 })),
  );
  await client.get('/a');
  await client.get('/b');
  const budget = client.limiter.budget('read');
  t.is(budget.tokens, 0);
  t.deepEqual(budget.window, { end: T0 + 2000, told: true });
  const c: Promise<TraktResponse> = client.get('/c');
  await settle();
  await clock.advanceTo(T0 + 2000);
  await c;
  t.is(transport.calls[2]?.at, T0 + 2000);
  t.deepEqual(budget.window, { end: T0 + 4000, told: true });
  t.is(budget.tokens, 9);
  // The server's period (2 s) now sizes our windows.
  t.is(budget.windowMs, 2000);

  // An answer about the window already rolled past says nothing about this one.
  transport.reply(json(200, [], rateLimitHeader({ limit: 10, remaining: 0, until: T0 + 2000, period: 2 })));
  await client.get('/d');
  t.is(budget.tokens, 8);
  t.deepEqual(budget.window, { end: T0 + 4000, told: true });
});

test('a request aborted while it waits for budget leaves the queue without taking a token', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock, { rateLimit: { limit: 1, windowMs: 1000 } });
  transport.otherwise(() => json(200, []));
  await client.get('/a');
  const controller = new AbortController();
  const waiting = client.get('/b', {}, { signal: controller.signal });
  const queued = client.get('/c');
  await settle();
  controller.abort();
  await t.throwsAsync(waiting, { instanceOf: InterruptedError });
  await clock.advance(1000);
  await queued;
  t.deepEqual(
    transport.calls.map((c) => [c.url.split('/').pop(), c.at - T0]),
    [
      ['a', 0],
      ['c', 1000],
    ],
  );
  t.is(client.limiter.budget('read').inFlight, 0);
});
