import test from 'ava';
import { ExitCode, exitCodeOf, InterruptedError } from '../../src/errors.ts';
import {
  AccountLimitError,
  AccountLockedError,
  ApiKeyError,
  HttpError,
  NotFoundError,
  NotJsonError,
  ServerError,
  TokenError,
  TransportError,
  VipOnlyError,
} from '../../src/http/errors.ts';
import { TokenSource } from '../../src/http/token-source.ts';
import { VERSION } from '../../src/version.ts';
import { AutoClock } from './helpers/clock.ts';
import { API, AUTH, CLIENT_ID, harness } from './helpers/setup.ts';
import { hang, html, json, reset, text } from './helpers/transport.ts';

test('every request carries the required headers, and the bearer token when there is one', async (t) => {
  const clock = new AutoClock();
  const tokens = new TokenSource({ staticToken: 'static-access-token-1', clock });
  const { client, transport } = harness(clock, { tokens });
  transport.reply(json(200, []), json(201, { ok: true }), json(200, { device_code: 'x' }));

  await client.get('/sync/history', { page: 2, limit: 250, extended: undefined });
  await client.post('/sync/history', { movies: [] });
  await client.post('/oauth/device/code', { client_id: CLIENT_ID }, { host: 'auth' });

  const [get, post, oauth] = transport.calls;
  t.is(get?.url, `${API}/sync/history?page=2&limit=250`);
  t.is(get?.method, 'GET');
  for (const call of [get, post, oauth]) {
    t.is(call?.headers.get('content-type'), 'application/json');
    t.is(call?.headers.get('user-agent'), `traktdb/${VERSION}`);
    t.is(call?.headers.get('trakt-api-key'), CLIENT_ID);
    t.is(call?.headers.get('trakt-api-version'), '2');
  }
  t.is(get?.headers.get('authorization'), 'Bearer static-access-token-1');
  t.is(post?.headers.get('authorization'), 'Bearer static-access-token-1');
  t.is(post?.body, '{"movies":[]}');
  // OAuth goes to the auth host (docs/trakt-api.md §1) and carries no bearer token.
  t.is(oauth?.url, `${AUTH}/oauth/device/code`);
  t.is(oauth?.headers.get('authorization'), null);
});

test('without a token source no Authorization header is sent', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(200, { username: 'sean' }));
  await client.get('/users/sean');
  t.is(transport.calls[0]?.headers.get('authorization'), null);
});

test('a response carries the body as received, parsed JSON, pagination and X-Ratelimit', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  const body = '[{"id":1,"title":"Amélie"}]\n';
  transport.reply(
    text(200, body, {
      'content-type': 'application/json',
      'x-pagination-page': '2',
      'x-pagination-limit': '250',
      'x-pagination-page-count': '7',
      'x-pagination-item-count': '1601',
      'x-ratelimit':
        '{"name":"AUTHED_API_GET_LIMIT","period":300,"limit":500,"remaining":480,"until":"2026-11-01T12:05:00Z"}',
    }),
  );
  const response = await client.get('/users/me/history', { page: 2, limit: 250 });
  t.is(response.status, 200);
  t.is(response.method, 'GET');
  t.is(response.path, '/users/me/history?page=2&limit=250');
  t.is(response.body, body);
  t.deepEqual(response.json, [{ id: 1, title: 'Amélie' }]);
  t.deepEqual(response.pagination, { page: 2, limit: 250, pageCount: 7, itemCount: 1601 });
  t.deepEqual(response.rateLimit, {
    name: 'AUTHED_API_GET_LIMIT',
    period: 300,
    limit: 500,
    remaining: 480,
    until: '2026-11-01T12:05:00Z',
  });
});

test('204 gives an empty body and no JSON', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(new Response(null, { status: 204 }));
  const response = await client.get('/users/me/watching');
  t.is(response.status, 204);
  t.is(response.body, '');
  t.is(response.json, undefined);
  t.is(response.pagination, undefined);
});

test('5xx bursts are retried with capped, jittered backoff until they pass', async (t) => {
  const clock = new AutoClock();
  const { client, transport, events } = harness(clock, { random: () => 0.999 });
  transport.reply(
    json(502, {}),
    html(503, '<html>busy</html>'),
    json(504, {}),
    text(520, ''),
    json(200, [1]),
  );
  const response = await client.get('/sync/watched/shows');
  t.deepEqual(response.json, [1]);
  t.is(transport.calls.length, 5);
  t.is(client.stats.retries, 4);
  t.is(client.stats.requests, 5);
  // Full jitter under min(cap 40, base 5 * 2^n): ceilings 5, 10, 20, 40.
  t.deepEqual(clock.requested, [4, 9, 19, 39]);
  const retries = events.filter((e) => e.type === 'retry');
  t.deepEqual(
    retries.map((e) => (e.type === 'retry' ? [e.attempt, e.reason] : [])),
    [
      [2, 'HTTP 502'],
      [3, 'HTTP 503'],
      [4, 'HTTP 504'],
      [5, 'HTTP 520'],
    ],
  );
});

test('a 5xx that persists past maxRetries is a ServerError naming the request', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { maxRetries: 3 });
  transport.otherwise(() => json(500, { error: 'boom' }));
  const error = await t.throwsAsync(client.get('/sync/ratings/movies', { page: 1 }), {
    instanceOf: ServerError,
  });
  t.is(transport.calls.length, 4);
  t.is(error.status, 500);
  t.is(
    error.message,
    'GET /sync/ratings/movies?page=1 failed: Trakt answered 500 (a server error) after 4 attempts. Try again later.',
  );
  t.is(exitCodeOf(error), ExitCode.failure);
});

test('a connection reset is retried; one that persists is a TransportError', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { maxRetries: 2 });
  transport.reply(reset(), json(200, { ok: 1 }));
  t.deepEqual((await client.get('/users/settings')).json, { ok: 1 });
  t.is(transport.calls.length, 2);

  transport.otherwise(() => reset());
  const error = await t.throwsAsync(client.get('/users/settings'), { instanceOf: TransportError });
  t.false(error.timedOut);
  t.is(
    error.message,
    'GET /users/settings failed: the connection failed (ECONNRESET) after 3 attempts. Check the network connection and --api-url, then try again.',
  );
});

test('an attempt that takes longer than timeoutMs is aborted and retried', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { timeoutMs: 15, maxRetries: 1 });
  transport.reply(hang, json(200, ['late but fine']));
  t.deepEqual((await client.get('/sync/playback/movies')).json, ['late but fine']);
  t.true(transport.calls[0]?.signal?.aborted);

  transport.otherwise(hang);
  const error = await t.throwsAsync(client.get('/sync/playback/movies'), { instanceOf: TransportError });
  t.true(error.timedOut);
  t.regex(
    error.message,
    /^GET \/sync\/playback\/movies failed: no answer in time \(15 ms\) after 2 attempts\./,
  );
});

test('truncated JSON and bodies shorter than Content-Length are retried', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(
    text(200, '[{"id":1},{"id"', { 'content-type': 'application/json' }),
    text(200, '[{"id":1}]', { 'content-type': 'application/json', 'content-length': '400' }),
    json(200, [{ id: 1 }, { id: 2 }]),
  );
  const response = await client.get('/sync/history');
  t.deepEqual(response.json, [{ id: 1 }, { id: 2 }]);
  t.is(transport.calls.length, 3);
});

test('truncated JSON past maxRetries is a NotJsonError', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { maxRetries: 1 });
  transport.otherwise(() => text(200, '{"a":', { 'content-type': 'application/json' }));
  const error = await t.throwsAsync(client.get('/sync/history'), { instanceOf: NotJsonError });
  t.false(error.html);
  t.is(
    error.message,
    'GET /sync/history failed: Trakt sent a body that is not valid JSON (it does not parse), 2 times. Try again later.',
  );
});

test('HTML where JSON was expected is retried a few times, then a NotJsonError', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { maxRetries: 5 });
  transport.otherwise(() => html(200));
  const error = await t.throwsAsync(client.get('/users/me/lists'), { instanceOf: NotJsonError });
  t.true(error.html);
  t.is(transport.calls.length, 5);
  t.is(
    error.message,
    'GET /users/me/lists failed: Trakt sent an HTML page where JSON was expected (Cloudflare?), 5 times. Try again later.',
  );
  t.regex(error.detail ?? '', /Error 1015/);
});

test('HTML once, then JSON, succeeds', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(html(200), json(200, []));
  t.deepEqual((await client.get('/users/me/lists')).json, []);
});

test('failures of other kinds do not spend the HTML allowance; the total stays bounded', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { maxRetries: 8 });
  // Four 503s, then an HTML page: before, the page ended the request (5 failures > 4 HTML retries).
  transport.reply(json(503, {}), json(503, {}), json(503, {}), json(503, {}), html(200), json(200, [1]));
  t.deepEqual((await client.get('/users/me/lists')).json, [1]);
  t.is(transport.calls.length, 6);
  const bounded = harness(new AutoClock(), { maxRetries: 3 });
  bounded.transport.reply(json(503, {}), json(503, {}), json(503, {}), html(200), json(200, []));
  await t.throwsAsync(bounded.client.get('/users/me/lists'), { instanceOf: NotJsonError });
  t.is(bounded.transport.calls.length, 4);
});

const typed = [
  {
    status: 403,
    headers: {},
    type: ApiKeyError,
    exit: ExitCode.auth,
    message:
      'GET /sync/history failed: Trakt rejected the API key (403). Check --client-id / TRAKT_CLIENT_ID.',
  },
  {
    status: 404,
    headers: {},
    type: NotFoundError,
    exit: ExitCode.failure,
    message:
      'GET /sync/history failed: Trakt found no such record (404). Check the user slug (--user) or the id, and that it is not private.',
  },
  {
    status: 420,
    headers: { 'x-account-limit': '250', 'x-vip-user': 'false', 'x-upgrade-url': 'https://trakt.tv/vip' },
    type: AccountLimitError,
    exit: ExitCode.failure,
    message:
      'GET /sync/history failed: Trakt says the account limit is exceeded (420; limit 250, VIP: no). Remove some items on trakt.tv, or upgrade to VIP at https://trakt.tv/vip, and run again.',
  },
  {
    status: 423,
    headers: { 'x-account-locked': 'true', 'x-account-deactivated': 'false' },
    type: AccountLockedError,
    exit: ExitCode.auth,
    message:
      'GET /sync/history failed: the Trakt account is locked and its API access is suspended (423; X-Account-Locked: true, X-Account-Deactivated: false). Sign in at trakt.tv to see why, or contact Trakt support.',
  },
  {
    status: 426,
    headers: { 'x-upgrade-url': 'https://trakt.tv/vip/upgrade' },
    type: VipOnlyError,
    exit: ExitCode.failure,
    message:
      'GET /sync/history failed: Trakt says this needs a VIP account (426). Upgrade at https://trakt.tv/vip/upgrade or leave this resource out.',
  },
];

for (const c of typed) {
  test(`${c.status} is a ${c.type.name} with a message a person can act on, not retried`, async (t) => {
    const clock = new AutoClock();
    const { client, transport } = harness(clock);
    transport.otherwise(() => json(c.status, {}, c.headers));
    const error = await t.throwsAsync(client.get('/sync/history'));
    t.true(error instanceof c.type);
    t.true(error instanceof HttpError);
    t.is(error.message, c.message);
    t.is(exitCodeOf(error), c.exit);
    t.is((error as HttpError).status, c.status);
    t.is((error as HttpError).method, 'GET');
    t.is((error as HttpError).path, '/sync/history');
    t.is(transport.calls.length, 1);
  });
}

test('420 from a VIP account does not suggest upgrading', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(420, {}, { 'x-account-limit': '5000', 'x-vip-user': 'true' }));
  const error = await t.throwsAsync(client.post('/sync/watchlist', { movies: [] }), {
    instanceOf: AccountLimitError,
  });
  t.is(
    error.message,
    'POST /sync/watchlist failed: Trakt says the account limit is exceeded (420; limit 5000, VIP: yes). Remove some items on trakt.tv and run again.',
  );
  t.true(error.vip);
  t.is(error.accountLimit, '5000');
});

test('423 for a deactivated account says so', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(423, {}, { 'x-account-locked': 'false', 'x-account-deactivated': 'true' }));
  const error = await t.throwsAsync(client.get('/users/settings'), { instanceOf: AccountLockedError });
  t.true(error.deactivated);
  t.regex(error.message, /the Trakt account is deactivated/);
});

test('other 4xx are final and quote Trakt’s explanation', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(422, { error: 'validation failed', error_description: 'rating must be 1-10' }));
  const error = await t.throwsAsync(client.post('/sync/ratings', { movies: [] }), { instanceOf: HttpError });
  t.is(error.status, 422);
  t.is(
    error.message,
    'POST /sync/ratings failed: Trakt answered 422 (rating must be 1-10). Trakt rejected the request as invalid.',
  );
  t.is(transport.calls.length, 1);
});

test('a 401 without a token source is a TokenError (exit 3) pointing to auth login', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(401, { error: 'invalid_token' }));
  const error = await t.throwsAsync(client.get('/sync/last_activities'), { instanceOf: TokenError });
  t.is(exitCodeOf(error), ExitCode.auth);
  t.is(
    error.message,
    'GET /sync/last_activities failed: Trakt needs a login for this (401). Run `traktdb auth login`, or set TRAKT_ACCESS_TOKEN.',
  );
});

test('the client signal interrupts a request waiting to retry', async (t) => {
  const controller = new AbortController();
  const clock = new AutoClock();
  const { client, transport } = harness(clock, { signal: controller.signal });
  transport.otherwise(() => {
    controller.abort();
    return json(502, {});
  });
  const error = await t.throwsAsync(client.get('/sync/history'), { instanceOf: InterruptedError });
  t.is(error.message, 'GET /sync/history was interrupted.');
  t.is(transport.calls.length, 1);
});

test('a per-request signal aborts a request in flight', async (t) => {
  const controller = new AbortController();
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.otherwise((call) => {
    setImmediate(() => controller.abort());
    return hang(call);
  });
  await t.throwsAsync(client.get('/sync/history', {}, { signal: controller.signal }), {
    instanceOf: InterruptedError,
  });
  t.is(transport.calls.length, 1);
});
