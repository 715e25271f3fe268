import test from 'ava';
import fc from 'fast-check';
import { backoff, decide, type Failure, HTML_RETRIES, type RetryPolicy } from '../../src/http/retry.ts';

const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxRetries: 5,
  baseMs: 1000,
  capMs: 30_000,
  random: () => 0.5,
  ...over,
});

test('retryable failures back off exponentially with full jitter under the cap', (t) => {
  const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
    decide({ kind: 'status', status: 503 }, attempt, policy()),
  );
  t.deepEqual(delays, [
    { retry: true, delayMs: 500 },
    { retry: true, delayMs: 1000 },
    { retry: true, delayMs: 2000 },
    { retry: true, delayMs: 4000 },
    { retry: true, delayMs: 8000 },
    { retry: false },
  ]);
  t.deepEqual(decide({ kind: 'timeout' }, 5, policy({ random: () => 0.99999, maxRetries: 9 })), {
    retry: true,
    delayMs: 15_999,
  });
  t.deepEqual(
    decide({ kind: 'network', reason: 'ECONNRESET' }, 8, policy({ random: () => 0.99999, maxRetries: 9 })),
    {
      retry: true,
      delayMs: 29_999,
    },
  );
  t.deepEqual(decide({ kind: 'truncated', reason: 'x' }, 1, policy({ random: () => 0 })), {
    retry: true,
    delayMs: 0,
  });
});

test('the statuses of docs/trakt-api.md §2 are retried; other 4xx and 5xx are final', (t) => {
  for (const status of [500, 502, 503, 504, 520, 521, 522]) {
    t.true(decide({ kind: 'status', status }, 1, policy()).retry, String(status));
  }
  for (const status of [400, 401, 403, 404, 405, 409, 412, 420, 422, 423, 426, 501, 505]) {
    t.false(decide({ kind: 'status', status }, 1, policy()).retry, String(status));
  }
});

test('a 429 retries without a delay of its own (the client-wide pause waits)', (t) => {
  t.deepEqual(decide({ kind: 'rate-limited' }, 1, policy()), { retry: true, delayMs: 0 });
  t.deepEqual(decide({ kind: 'rate-limited' }, 6, policy()), { retry: false });
});

test('HTML where JSON was expected is retried only a couple of times', (t) => {
  t.true(decide({ kind: 'html' }, HTML_RETRIES, policy()).retry);
  t.false(decide({ kind: 'html' }, HTML_RETRIES + 1, policy()).retry);
  t.false(decide({ kind: 'html' }, 2, policy({ maxRetries: 1 })).retry);
});

test('maxRetries 0 never retries', (t) => {
  t.deepEqual(decide({ kind: 'timeout' }, 1, policy({ maxRetries: 0 })), { retry: false });
});

test('backoff survives odd inputs: huge attempts, zero base, random out of range', (t) => {
  t.is(backoff(10_000, { baseMs: 1000, capMs: 30_000, random: () => 0.5 }), 15_000);
  t.is(backoff(10_000, { baseMs: 0, capMs: 30_000, random: () => 0.5 }), 0);
  t.is(backoff(3, { baseMs: 1000, capMs: 30_000, random: () => 7 }), 8000);
  t.is(backoff(3, { baseMs: 1000, capMs: 30_000, random: () => Number.NaN }), 0);
});

const failure: fc.Arbitrary<Failure> = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), status: fc.integer({ min: 400, max: 599 }) }),
  fc.constant({ kind: 'rate-limited' as const }),
  fc.constant({ kind: 'timeout' as const }),
  fc.constant({ kind: 'html' as const }),
  fc.record({ kind: fc.constant('network' as const), reason: fc.string() }),
  fc.record({ kind: fc.constant('truncated' as const), reason: fc.string() }),
);

test('property: decide() never retries past maxRetries, and delays stay within [0, cap]', (t) => {
  fc.assert(
    fc.property(
      fc.array(failure, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 60_000 }),
      fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1 }),
      (failures, maxRetries, baseMs, capMs, randoms) => {
        let i = 0;
        const random = () => randoms[i++ % randoms.length] ?? 0;
        // Replay a request that fails the same way each time, as the client does.
        let retries = 0;
        for (const [index, f] of failures.entries()) {
          const decision = decide(f, index + 1, { maxRetries, baseMs, capMs, random });
          if (!decision.retry) break;
          retries += 1;
          if (decision.delayMs < 0 || decision.delayMs > capMs || !Number.isInteger(decision.delayMs))
            return false;
        }
        return retries <= maxRetries;
      },
    ),
    { numRuns: 2000 },
  );
  t.pass();
});
