import test from 'ava';
import { TraktdbError } from '../../src/errors.ts';
import { pollDeviceToken, refreshToken } from '../../src/http/auth.ts';
import type { HttpEvent, TraktResponse } from '../../src/http/client.ts';
import { createTraktClient } from '../../src/http/create-client.ts';
import type { TokenSet } from '../../src/http/token-set.ts';
import { MemoryTokenStore } from '../../src/http/token-store.ts';
import { AutoClock, T0 } from './helpers/clock.ts';
import { API, AUTH, CLIENT_ID } from './helpers/setup.ts';
import { html, json, ScriptedTransport, text } from './helpers/transport.ts';

/**
 * Issue 8 item 7: access and refresh tokens, the client secret and device
 * codes never appear in a message, a --verbose detail, a stack, a cause, an
 * event or a response path, even when Trakt's answer echoes them.
 */
const ACCESS = 'ACCESS-secret-7d1f0c9e2b';
const REFRESH = 'REFRESH-secret-4a8b6c2d1e';
const NEW_ACCESS = 'NEWACCESS-secret-9f8e7d6c';
const NEW_REFRESH = 'NEWREFRESH-secret-1a2b3c4d';
const CLIENT_SECRET = 'CLIENTSECRET-secret-5e6f7a8b';
const DEVICE_CODE = 'DEVICECODE-secret-0c1d2e3f';
const STATIC = 'STATICTOKEN-secret-a1b2c3d4';
const SECRETS = [ACCESS, REFRESH, NEW_ACCESS, NEW_REFRESH, CLIENT_SECRET, DEVICE_CODE, STATIC];

/** An error body quoting every secret the client could know of (a client cannot scrub what it never saw). */
const echo = (...more: string[]) => ({
  error: 'invalid_grant',
  error_description: `token ${[ACCESS, REFRESH, CLIENT_SECRET, ...more].join(' / ')} rejected`,
});

function stored(): TokenSet {
  return {
    access_token: ACCESS,
    refresh_token: REFRESH,
    expires_in: 7 * 86_400,
    created_at: Math.floor(T0 / 1000) - 86_400,
    token_type: 'bearer',
    scope: 'public',
  };
}

/** Everything a person or a log could see of an error, its causes included. */
function exposed(error: unknown, depth = 0): string[] {
  if (depth > 5 || error === undefined || error === null) return [];
  if (!(error instanceof Error)) return [String(error)];
  const out = [error.message, String(error), error.stack ?? ''];
  if (error instanceof TraktdbError && error.detail !== undefined) out.push(error.detail);
  out.push(JSON.stringify(Object.fromEntries(Object.entries(error))));
  return [...out, ...exposed(error.cause, depth + 1)];
}

function setup(options: { staticToken?: string } = {}) {
  const clock = new AutoClock();
  const transport = new ScriptedTransport(clock);
  const events: HttpEvent[] = [];
  const { client } = createTraktClient({
    apiUrl: API,
    authUrl: AUTH,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: transport.fetch,
    clock,
    retryBaseMs: 1,
    retryMaxMs: 2,
    maxRetries: 1,
    tokenStore: new MemoryTokenStore(stored()),
    onEvent: (e) => events.push(e),
    ...(options.staticToken === undefined ? {} : { staticToken: options.staticToken }),
  });
  return { clock, transport, events, client };
}

test('no secret leaks through errors, details, causes, events or paths, whatever Trakt echoes', async (t) => {
  const seen: string[] = [];
  const attempt = async (run: () => Promise<unknown>) => {
    try {
      const result = await run();
      if (typeof result === 'object' && result !== null && 'path' in result) {
        seen.push((result as TraktResponse).path);
      }
    } catch (error) {
      seen.push(...exposed(error));
    }
  };

  const statuses = [400, 403, 404, 405, 409, 412, 420, 422, 423, 426, 500];
  for (const status of statuses) {
    const { transport, client, events } = setup();
    transport.otherwise(() => json(status, echo(), { 'x-upgrade-url': 'https://trakt.tv/vip' }));
    await attempt(() => client.get('/sync/history', { page: 1 }));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }
  // Bodies that are not JSON, echoing secrets: HTML, truncated JSON, a 5xx page.
  for (const reply of [
    () => html(200, `<html>${ACCESS}</html>`),
    () => text(200, `{"token":"${REFRESH}"`, { 'content-type': 'application/json' }),
    () => html(502, `<p>${CLIENT_SECRET}</p>`),
  ]) {
    const { transport, client, events } = setup();
    transport.otherwise(reply);
    await attempt(() => client.get('/sync/history'));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  {
    // A transport error whose text carries a token.
    const { transport, client, events } = setup();
    transport.otherwise(() => new TypeError(`fetch failed for Bearer ${ACCESS}`));
    await attempt(() => client.get('/sync/history'));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  {
    // 401, then a refresh Trakt refuses with a body that echoes everything.
    const { transport, client, events } = setup();
    transport.otherwise((call) => (call.url.startsWith(AUTH) ? json(400, echo()) : json(401, echo())));
    await attempt(() => client.get('/sync/history'));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  {
    // 401, a good refresh, and a second 401.
    const { transport, client, events } = setup();
    transport.otherwise((call) =>
      call.url.startsWith(AUTH)
        ? json(200, {
            ...stored(),
            access_token: NEW_ACCESS,
            refresh_token: NEW_REFRESH,
            created_at: T0 / 1000,
          })
        : json(401, echo(NEW_ACCESS, NEW_REFRESH)),
    );
    await attempt(() => client.get('/sync/history'));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  {
    // The token endpoint failing with a 5xx page that echoes the body we sent.
    const { transport, client, events } = setup();
    transport.otherwise((call) => json(503, { echo: call.body }));
    await attempt(() => refreshToken(client, REFRESH));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  {
    // A static token refused.
    const { transport, client, events } = setup({ staticToken: STATIC });
    transport.otherwise(() => json(401, echo(STATIC)));
    await attempt(() => client.get('/users/settings'));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  for (const status of [404, 409, 410, 418, 500]) {
    const { transport, client, clock, events } = setup();
    transport.otherwise(() => json(status, echo(DEVICE_CODE)));
    await attempt(() =>
      pollDeviceToken(
        client,
        {
          device_code: DEVICE_CODE,
          user_code: 'ABCD1234',
          verification_url: 'https://trakt.tv/activate',
          expires_in: 60,
          interval: 1,
        },
        { clock },
      ),
    );
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  {
    // Secret-looking query parameters are redacted in the response path and in events.
    const { transport, client, events } = setup();
    transport.otherwise(() => json(200, []));
    await attempt(() =>
      client.get('/users/me/history', { access_token: ACCESS, client_secret: CLIENT_SECRET, page: 1 }),
    );
    await attempt(() => client.get(`/users/me/history?refresh_token=${REFRESH}`));
    seen.push(...events.map((e) => JSON.stringify(e)));
  }

  t.true(seen.length > 80, `only ${seen.length} strings were checked`);
  for (const secret of SECRETS) {
    const leaks = seen.filter((s) => s.includes(secret));
    t.deepEqual(leaks, [], `${secret} leaked`);
  }
  // The checks saw real messages, not empty strings.
  t.true(seen.some((s) => s.includes('GET /sync/history?page=1 failed: Trakt rejected the API key (403).')));
  t.true(seen.some((s) => s.includes('[redacted]')));
});
