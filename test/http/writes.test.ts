import test from 'ava';
import fc from 'fast-check';
import { ExitCode, exitCodeOf } from '../../src/errors.ts';
import { AccountLimitError, WriteOutcomeUnknownError } from '../../src/http/errors.ts';
import { SlidingWindow } from '../../src/http/sliding-window.ts';
import { AutoClock, ManualClock, T0, until } from './helpers/clock.ts';
import { harness } from './helpers/setup.ts';
import { type Call, hang, html, json, rateLimitHeader, reset, text } from './helpers/transport.ts';

/** The sends of writes (POSTs) as the transport saw them, ms after T0. */
function writeTimes(calls: Call[]): number[] {
  return calls.filter((c) => c.method === 'POST').map((c) => c.at - T0);
}

/** The most sends any window of `windowMs` holds. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0; i < times.length; i += 1) {
    let n = 0;
    for (let j = i; j < times.length && (times[j] as number) < (times[i] as number) + windowMs; j += 1)
      n += 1;
    most = Math.max(most, n);
  }
  return most;
}

test('the write budget is "at most N in any window": two writes never share a window of the spacing', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { writeRateLimit: { limit: 2, windowMs: 1000 } });
  transport.otherwise(() => json(201, { added: { movies: 1, episodes: 0 } }));
  for (let i = 0; i < 7; i += 1) await client.post('/sync/history', { movies: [{ ids: { trakt: i } }] });
  const times = writeTimes(transport.calls);
  // A fixed window opened at the first write would allow 0, 0... then 1000, 1000: 4 in [0, 1000].
  t.deepEqual(times, [0, 0, 1000, 1000, 2000, 2000, 3000]);
  t.is(busiestWindow(times, 1000), 2);
});

test('SlidingWindow: a held `until` from an answer that leaves nothing is honoured, capped at two periods', (t) => {
  const window = new SlidingWindow({ limit: 1, windowMs: 1000 });
  t.deepEqual(window.take(T0), { ok: true });
  // Another app of the user wrote too: nothing remains until T0 + 1500 (the server's clock runs ahead).
  t.true(window.settle({ limit: 1, remaining: 0, until: new Date(T0 + 1500).toISOString(), period: 1 }, T0));
  t.deepEqual(window.take(T0 + 1000), { ok: false, until: T0 + 1500 });
  t.deepEqual(window.take(T0 + 1500), { ok: true });
  // Capped: an `until` a day ahead is held only two periods past the send.
  const far = new SlidingWindow({ limit: 1, windowMs: 1000 });
  far.take(T0);
  far.settle({ limit: 1, remaining: 0, until: new Date(T0 + 86_400_000).toISOString(), period: 1 }, T0);
  t.deepEqual(far.take(T0 + 1999), { ok: false, until: T0 + 2000 });
  t.deepEqual(far.take(T0 + 2000), { ok: true });
  t.throws(() => new SlidingWindow({ limit: 0, windowMs: 1000 }), { instanceOf: RangeError });
});

test('property: under 5xx, resets, refused connections and 429s, no window of SECONDS holds more than N writes', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        limit: fc.integer({ min: 1, max: 4 }),
        windowMs: fc.integer({ min: 1, max: 3000 }),
        writes: fc.integer({ min: 1, max: 12 }),
        concurrent: fc.boolean(),
        outcomes: fc.array(fc.constantFrom('ok', 'ok', 'ok', '503', 'reset', 'refused', '429', 'html429'), {
          minLength: 1,
          maxLength: 60,
        }),
        retryAfterS: fc.integer({ min: 0, max: 3 }),
      }),
      async (s) => {
        const clock = new AutoClock();
        const { client, transport } = harness(clock, {
          writeRateLimit: { limit: s.limit, windowMs: s.windowMs },
          maxRetries: 3,
        });
        let n = 0;
        transport.otherwise(() => {
          const outcome = s.outcomes[n++ % s.outcomes.length];
          switch (outcome) {
            case '503':
              return html(503, '<html>overloaded</html>');
            case 'reset':
              return reset();
            case 'refused':
              return new TypeError('fetch failed', {
                cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
              });
            case '429':
              return json(
                429,
                {},
                {
                  'retry-after': String(s.retryAfterS),
                  ...rateLimitHeader({
                    limit: 1,
                    remaining: 0,
                    until: clock.now() + 1000,
                    name: 'AUTHED_API_POST_LIMIT',
                    period: 1,
                  }),
                },
              );
            case 'html429':
              return html(429, undefined, { 'retry-after': String(s.retryAfterS) });
            default:
              return json(201, { added: { movies: 1, episodes: 0 } });
          }
        });
        const one = (i: number) =>
          client.post('/sync/history', { movies: [{ ids: { trakt: i } }] }).then(
            () => 'ok',
            (error: unknown) => (error instanceof WriteOutcomeUnknownError ? 'unknown' : 'failed'),
          );
        const ids = Array.from({ length: s.writes }, (_, i) => i);
        if (s.concurrent) await Promise.all(ids.map(one));
        else for (const i of ids) await one(i);
        const times = writeTimes(transport.calls);
        return busiestWindow(times, s.windowMs) <= s.limit;
      },
    ),
    { numRuns: 40 },
  );
  t.pass();
});

test('a 429 on a write is retried after Retry-After: Trakt refused it unread', async (t) => {
  const clock = new ManualClock();
  const { client, transport } = harness(clock);
  transport.reply(json(429, { error: 'rate_limit_exceeded' }, { 'retry-after': '2' }));
  transport.otherwise(() => json(201, { added: { movies: 1, episodes: 0 } }));
  const write = client.post('/sync/history', { movies: [{ ids: { trakt: 1 } }] });
  await until(() => client.stats.rateLimited === 1, 'the 429');
  await clock.advance(1999);
  t.is(transport.calls.length, 1);
  await clock.advance(1);
  const response = await write;
  t.is(response.status, 201);
  t.deepEqual(writeTimes(transport.calls), [0, 2000]);
  t.is(client.stats.rateLimited, 1);
});

for (const [name, reply, reason] of [
  ['a reset after the body was sent', reset(), 'connection failed (ECONNRESET)'],
  ['a 502 from the edge', html(502, '<html>bad gateway</html>'), 'HTTP 502'],
  ['a 500', json(500, { error: 'server_error' }), 'HTTP 500'],
  [
    'a 201 whose body is cut short',
    text(201, '{"added":', { 'content-length': '400' }),
    'body not valid JSON',
  ],
  ['a 201 that is an HTML page', html(201, '<html>maintenance</html>'), 'HTML where JSON was expected'],
] as const) {
  test(`a write is never sent twice: ${name} is an unknown outcome (exit 1), not retried`, async (t) => {
    const clock = new AutoClock();
    const { client, transport, events } = harness(clock);
    transport.reply(reply);
    transport.otherwise(() => json(201, {}));
    const error = await t.throwsAsync(client.post('/sync/history', { movies: [{ ids: { trakt: 1 } }] }), {
      instanceOf: WriteOutcomeUnknownError,
    });
    t.is(transport.calls.length, 1);
    t.false(events.some((e) => e.type === 'retry'));
    t.true(error.reason.startsWith(reason), error.reason);
    t.regex(
      error.message,
      /^POST \/sync\/history failed: no usable answer came back .* may or may not have applied it/,
    );
    t.is(exitCodeOf(error), ExitCode.failure);
  });
}

test('a write that timed out is an unknown outcome, not retried', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { timeoutMs: 30 });
  transport.reply(hang);
  const error = await t.throwsAsync(client.post('/sync/ratings', { movies: [] }), {
    instanceOf: WriteOutcomeUnknownError,
  });
  t.is(error.reason, 'timed out');
  t.is(transport.calls.length, 1);
});

test('a connection that never opened is retried: nothing was sent', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(
    new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    }),
  );
  transport.otherwise(() => json(201, { added: { movies: 1 } }));
  const response = await client.post('/sync/watchlist', { movies: [{ ids: { trakt: 1 } }] });
  t.is(response.status, 201);
  t.is(transport.calls.length, 2);
});

test('420 is an AccountLimitError naming the limit from X-Account-Limit, X-VIP-User and X-Upgrade-URL', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(
    json(
      420,
      { error: 'account_limit_exceeded' },
      { 'x-account-limit': '250', 'x-vip-user': 'false', 'x-upgrade-url': 'https://trakt.tv/vip' },
    ),
  );
  const error = await t.throwsAsync(client.post('/sync/watchlist', { movies: [{ ids: { trakt: 1 } }] }), {
    instanceOf: AccountLimitError,
  });
  t.is(error.accountLimit, '250');
  t.false(error.vip);
  t.is(error.upgradeUrl, 'https://trakt.tv/vip');
  t.is(
    error.message,
    'POST /sync/watchlist failed: Trakt says the account limit is exceeded (420; limit 250, VIP: no). Remove some items on trakt.tv, or upgrade to VIP at https://trakt.tv/vip, and run again.',
  );
  t.is(transport.calls.length, 1);
});

test('OAuth posts on the auth host keep their retries (they are not account writes)', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(html(503, '<html>busy</html>'));
  transport.otherwise(() => json(200, { device_code: 'x' }));
  const response = await client.post('/oauth/device/code', { client_id: 'x' }, { host: 'auth', auth: false });
  t.is(response.status, 200);
  t.is(transport.calls.length, 2);
});
