import test from 'ava';
import { ExitCode, exitCodeOf, TraktdbError } from '../../src/errors.ts';
import type { HttpEvent } from '../../src/http/client.ts';
import { createTraktClient } from '../../src/http/create-client.ts';
import { TokenError } from '../../src/http/errors.ts';
import type { TokenSet } from '../../src/http/token-set.ts';
import { TokenSource } from '../../src/http/token-source.ts';
import { MemoryTokenStore } from '../../src/http/token-store.ts';
import { AutoClock, T0, until } from './helpers/clock.ts';
import { API, AUTH, CLIENT_ID, CLIENT_SECRET } from './helpers/setup.ts';
import { type Call, json, ScriptedTransport } from './helpers/transport.ts';

const DAY_S = 86_400;

function pair(name: string, createdAtMs = T0, expiresIn = 7 * DAY_S): TokenSet {
  return {
    access_token: `access-${name}-0123456789abcdef`,
    refresh_token: `refresh-${name}-0123456789abcdef`,
    expires_in: expiresIn,
    created_at: Math.floor(createdAtMs / 1000),
    token_type: 'bearer',
    scope: 'public',
  };
}

/** A store that writes its saves into the shared log, to check their order against requests. */
class LoggingStore extends MemoryTokenStore {
  constructor(
    readonly log: string[],
    tokens?: TokenSet,
    readonly fail = false,
  ) {
    super(tokens);
  }
  override async save(tokens: TokenSet): Promise<void> {
    if (this.fail) throw new TraktdbError('Cannot save the Trakt token to /nowhere/token.json: EROFS.');
    this.log.push(`save ${tokens.access_token}`);
    await super.save(tokens);
  }
}

function describe(call: Call): string {
  const path = call.url.replace(API, '').replace(AUTH, 'auth:');
  const auth = call.headers.get('authorization')?.replace('Bearer ', '') ?? '-';
  return `${call.method} ${path} ${auth}`;
}

function setup(
  options: { stored?: TokenSet; staticToken?: string; failSave?: boolean; clock?: AutoClock } = {},
) {
  const clock = options.clock ?? new AutoClock();
  const log: string[] = [];
  const transport = new ScriptedTransport(clock);
  const store = new LoggingStore(log, options.stored, options.failSave);
  const events: HttpEvent[] = [];
  const { client, tokens } = createTraktClient({
    apiUrl: API,
    authUrl: AUTH,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: async (input, init) => {
      const response = await transport.fetch(input, init);
      log.push(describe(transport.calls.at(-1)!));
      return response;
    },
    clock,
    retryBaseMs: 1,
    retryMaxMs: 2,
    tokenStore: store,
    onEvent: (e) => events.push(e),
    ...(options.staticToken === undefined ? {} : { staticToken: options.staticToken }),
  });
  return { clock, log, transport, store, client, tokens, events };
}

/** Trakt as far as tokens go: `valid` access tokens pass, refresh tokens rotate once. */
function trakt(transport: ScriptedTransport, valid: Set<string>, rotations: Map<string, TokenSet>) {
  transport.otherwise((call) => {
    if (call.url.startsWith(AUTH)) {
      const body = JSON.parse(call.body ?? '{}') as { refresh_token: string };
      const next = rotations.get(body.refresh_token);
      if (next === undefined) return json(400, { error: 'invalid_grant', error_description: 'used' });
      rotations.delete(body.refresh_token);
      valid.add(next.access_token);
      return json(200, next);
    }
    const token = call.headers.get('authorization')?.replace('Bearer ', '');
    return token !== undefined && valid.has(token)
      ? json(200, ['ok'])
      : json(401, { error: 'invalid_token' });
  });
}

test('a 401 is answered by one refresh; the new pair is saved before the retry goes out', async (t) => {
  const a = pair('a', T0 - DAY_S * 1000);
  const b = pair('b');
  const { log, transport, client, store, events } = setup({ stored: a });
  trakt(transport, new Set(), new Map([[a.refresh_token, b]]));

  const response = await client.get('/sync/history');
  t.deepEqual(response.json, ['ok']);
  t.deepEqual(log, [
    `GET /sync/history ${a.access_token}`,
    'POST auth:/oauth/token -',
    `save ${b.access_token}`,
    `GET /sync/history ${b.access_token}`,
  ]);
  const refresh = JSON.parse(transport.calls[1]?.body ?? '{}');
  t.deepEqual(refresh, {
    refresh_token: a.refresh_token,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
    grant_type: 'refresh_token',
  });
  t.deepEqual(store.saved, [b]);
  t.is(client.stats.refreshed, 1);
  t.is(client.stats.retries, 0);
  t.deepEqual(
    events.filter((e) => e.type === 'token-refreshed'),
    [{ type: 'token-refreshed', expiresAt: (b.created_at + b.expires_in) * 1000 }],
  );
});

test('concurrent 401s share one refresh', async (t) => {
  const a = pair('a', T0 - DAY_S * 1000);
  const b = pair('b');
  const { transport, client, store } = setup({ stored: a });
  // All six are in flight with the old token before the first 401 comes back.
  const held: Array<() => void> = [];
  transport.otherwise((call) => {
    if (call.url.startsWith(AUTH)) return json(200, b);
    if (call.headers.get('authorization') === `Bearer ${b.access_token}`) return json(200, ['ok']);
    return () =>
      new Promise<Response>((resolve) => {
        held.push(() => resolve(json(401, { error: 'invalid_token' })));
        if (held.length === 6) for (const release of held) release();
      });
  });
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => client.get(`/sync/ratings/${i}`)));
  t.true(results.every((r) => r.status === 200));
  t.is(transport.calls.filter((c) => c.url.startsWith(AUTH)).length, 1);
  t.is(transport.calls.length, 13);
  t.deepEqual(store.saved, [b]);
  t.is(client.stats.refreshed, 1);
});

test('a refused refresh (invalid_grant) is a TokenError, exit 3, and nothing is saved', async (t) => {
  const a = pair('a', T0 - DAY_S * 1000);
  const { transport, client, store } = setup({ stored: a });
  trakt(transport, new Set(), new Map());
  const error = await t.throwsAsync(client.get('/sync/history'), { instanceOf: TokenError });
  t.is(exitCodeOf(error), ExitCode.auth);
  t.is(
    error.message,
    'POST /oauth/token failed: Trakt refused the refresh token (invalid_grant); it was revoked, expired or already used. Run `traktdb auth login`.',
  );
  t.deepEqual(store.saved, []);
  t.is(transport.calls.length, 2);
});

test('a second 401 right after a refresh is a TokenError', async (t) => {
  const a = pair('a', T0 - DAY_S * 1000);
  const b = pair('b');
  const { transport, client } = setup({ stored: a });
  // Trakt hands out b but does not accept it.
  trakt(transport, new Set(), new Map([[a.refresh_token, b]]));
  transport.otherwise((call) =>
    call.url.startsWith(AUTH) ? json(200, b) : json(401, { error: 'invalid_token' }),
  );
  const error = await t.throwsAsync(client.get('/sync/history'), { instanceOf: TokenError });
  t.is(
    error.message,
    'GET /sync/history failed: Trakt rejected the access token again right after refreshing it (401). Run `traktdb auth login`.',
  );
  t.is(transport.calls.length, 3);
});

test('a static token (TRAKT_ACCESS_TOKEN) is never refreshed: a 401 is a TokenError', async (t) => {
  const { transport, client } = setup({ staticToken: 'static-token-abcdef123456', stored: pair('a') });
  transport.otherwise(() => json(401, {}));
  const error = await t.throwsAsync(client.get('/users/settings'), { instanceOf: TokenError });
  t.is(exitCodeOf(error), ExitCode.auth);
  t.is(
    error.message,
    'GET /users/settings failed: Trakt rejected the access token from TRAKT_ACCESS_TOKEN (401), and such a token cannot be refreshed. Set a fresh one, or unset it and run `traktdb auth login`.',
  );
  t.is(transport.calls.length, 1);
  t.is(transport.calls[0]?.headers.get('authorization'), 'Bearer static-token-abcdef123456');
});

test('no stored token: requests go without one, and a 401 says to log in', async (t) => {
  const { transport, client } = setup();
  transport.otherwise(() => json(401, {}));
  const error = await t.throwsAsync(client.get('/sync/history'), { instanceOf: TokenError });
  t.is(transport.calls[0]?.headers.get('authorization'), null);
  t.is(
    error.message,
    'GET /sync/history failed: Trakt needs a login (401) and no token is stored. Run `traktdb auth login`.',
  );
});

test('a token within a day of expiry is refreshed before the request, and saved first', async (t) => {
  const a = pair('a', T0 - 6.5 * DAY_S * 1000);
  const b = pair('b');
  const { log, transport, client } = setup({ stored: a });
  trakt(transport, new Set([a.access_token]), new Map([[a.refresh_token, b]]));
  await client.get('/sync/history');
  t.deepEqual(log, [
    'POST auth:/oauth/token -',
    `save ${b.access_token}`,
    `GET /sync/history ${b.access_token}`,
  ]);
});

test('expiry is created_at + expires_in; 24-hour tokens refresh at half-life, not forever', async (t) => {
  const clock = new AutoClock(T0);
  const a = pair('a', T0, DAY_S);
  let refreshes = 0;
  const store = new MemoryTokenStore(a);
  const source = new TokenSource({
    store,
    clock,
    refresh: async () => {
      refreshes += 1;
      return pair(`r${refreshes}`, clock.now(), DAY_S);
    },
  });
  t.is(await source.current(), a.access_token);
  await clock.sleep(12 * 3600 * 1000 - 1);
  t.is(await source.current(), a.access_token);
  t.is(refreshes, 0);
  await clock.sleep(1);
  t.is(await source.current(), pair('r1', 0).access_token);
  t.is(await source.current(), pair('r1', 0).access_token);
  t.is(refreshes, 1);
});

test('a failed proactive refresh keeps using a token that has not expired yet', async (t) => {
  const a = pair('a', T0 - 6.5 * DAY_S * 1000);
  const { transport, client, log } = setup({ stored: a });
  trakt(transport, new Set([a.access_token]), new Map());
  t.deepEqual((await client.get('/sync/history')).json, ['ok']);
  await client.get('/sync/ratings');
  // One refresh attempt, then the still-valid token; no retry storm.
  t.deepEqual(log, [
    'POST auth:/oauth/token -',
    `GET /sync/history ${a.access_token}`,
    `GET /sync/ratings ${a.access_token}`,
  ]);
});

test('an expired token whose refresh fails is a TokenError before any request', async (t) => {
  const a = pair('a', T0 - 8 * DAY_S * 1000);
  const { transport, client } = setup({ stored: a });
  trakt(transport, new Set(), new Map());
  await t.throwsAsync(client.get('/sync/history'), { instanceOf: TokenError });
  t.deepEqual(
    transport.calls.map((c) => c.url),
    [`${AUTH}/oauth/token`],
  );
});

test('if the new pair cannot be saved, it is not used', async (t) => {
  const a = pair('a', T0 - DAY_S * 1000);
  const b = pair('b');
  const { transport, client } = setup({ stored: a, failSave: true });
  trakt(transport, new Set(), new Map([[a.refresh_token, b]]));
  const error = await t.throwsAsync(client.get('/sync/history'));
  t.regex(error.message, /Cannot save the Trakt token/);
  t.false(transport.calls.some((c) => c.headers.get('authorization') === `Bearer ${b.access_token}`));
});

test('TokenSource: onUnauthorized with an already replaced token returns the current one without refreshing', async (t) => {
  const clock = new AutoClock();
  const a = pair('a');
  const b = pair('b');
  let refreshes = 0;
  const source = new TokenSource({
    store: new MemoryTokenStore(a),
    clock,
    refresh: async () => {
      refreshes += 1;
      return b;
    },
  });
  t.is(await source.onUnauthorized(a.access_token), b.access_token);
  t.is(await source.onUnauthorized(a.access_token), b.access_token);
  t.is(refreshes, 1);
  t.deepEqual(
    source.secrets().sort(),
    [a.access_token, a.refresh_token, b.access_token, b.refresh_token].sort(),
  );
});

test('TokenSource: the refreshed pair is saved before any caller gets it', async (t) => {
  const clock = new AutoClock();
  const order: string[] = [];
  let release: () => void = () => {};
  const saved = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = new (class extends MemoryTokenStore {
    override async save(tokens: TokenSet) {
      order.push('save started');
      await saved;
      order.push('save done');
      await super.save(tokens);
    }
  })(pair('a'));
  const source = new TokenSource({ store, clock, refresh: async () => pair('b') });
  const got = source.onUnauthorized(pair('a').access_token).then((token) => order.push(`got ${token}`));
  await until(() => order.length === 1, 'save to start');
  t.deepEqual(order, ['save started']);
  release();
  await got;
  t.deepEqual(order, ['save started', 'save done', `got ${pair('b').access_token}`]);
});
