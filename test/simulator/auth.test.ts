import test from 'ava';
import { call, manualClock, start } from './helpers.ts';

test('a missing or unknown trakt-api-key is 403 with a JSON body', async (t) => {
  const sim = await start(t);
  const missing = await call(sim, '/sync/history', { omit: ['trakt-api-key'] });
  t.is(missing.status, 403);
  t.is(missing.json.error, 'forbidden');
  const unknown = await call(sim, '/sync/history', { headers: { 'trakt-api-key': 'not-a-client' } });
  t.is(unknown.status, 403);
  t.truthy(unknown.headers.get('x-ratelimit'));
});

test('a missing User-Agent is a Cloudflare 403 HTML page', async (t) => {
  const sim = await start(t);
  // fetch always sends a User-Agent, so use node:http for this one.
  const { request } = await import('node:http');
  const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request(
      `${sim.url}/sync/history`,
      { headers: { 'trakt-api-key': sim.clientId, 'trakt-api-version': '2' } },
      (r) => {
        let body = '';
        r.on('data', (c) => {
          body += c;
        });
        r.on('end', () =>
          resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
  t.is(res.status, 403);
  t.regex(res.type, /text\/html/);
  t.regex(res.body, /<html/);
});

test('trakt-api-version must be 2', async (t) => {
  const sim = await start(t);
  t.is((await call(sim, '/sync/history', { omit: ['trakt-api-version'] })).status, 400);
  t.is((await call(sim, '/sync/history', { headers: { 'trakt-api-version': '3' } })).status, 400);
});

test('a POST without Content-Type application/json is 412', async (t) => {
  const sim = await start(t);
  const r = await call(sim, '/sync/playback/1', { method: 'DELETE', omit: ['Content-Type'] });
  t.is(r.status, 412);
  const oauth = await fetch(`${sim.url}/oauth/device/code`, {
    method: 'POST',
    headers: { 'User-Agent': 't', 'Content-Type': 'text/plain' },
    body: JSON.stringify({ client_id: sim.clientId }),
  });
  t.is(oauth.status, 412);
});

test('bearer token states: missing, unknown and expired give 401 with WWW-Authenticate', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { tokenTtlSeconds: 60, clock: clock.now });
  t.is((await call(sim, '/sync/history')).status, 200);
  const missing = await call(sim, '/sync/history', { token: null });
  t.is(missing.status, 401);
  t.is(missing.json.error, 'invalid_token');
  t.regex(missing.headers.get('www-authenticate') ?? '', /^Bearer /);
  t.truthy(missing.headers.get('x-ratelimit'));
  const unknown = await call(sim, '/sync/history', { token: 'deadbeef' });
  t.is(unknown.status, 401);
  clock.advance(61_000);
  const expired = await call(sim, '/sync/history');
  t.is(expired.status, 401);
  t.regex(expired.json.error_description, /expired/);
});

test('routes that need a token, and a private profile needing one on /users/{id}/*', async (t) => {
  const sim = await start(t);
  const required = [
    '/sync/last_activities',
    '/sync/ratings',
    '/sync/watchlist',
    '/sync/collection/movies',
    '/sync/watched/movies',
    '/sync/playback',
    '/users/settings',
    '/users/hidden/calendar',
    '/users/likes',
    '/users/likes/comments',
    `/users/${sim.userSlug}/notes/all`,
    '/users/me/history',
    `/users/${sim.userSlug}`,
    `/users/${sim.userSlug}/stats`,
    `/users/${sim.userSlug}/lists`,
  ];
  for (const path of required) {
    t.is((await call(sim, path, { token: null })).status, 401, path);
    t.is((await call(sim, path)).status, 200, path);
  }
});

test('a public profile answers /users/{slug}/* without a token, but not /users/me', async (t) => {
  const sim = await start(t, { privateUser: false });
  t.is((await call(sim, `/users/${sim.userSlug}/history`, { token: null })).status, 200);
  t.is((await call(sim, `/users/${sim.userSlug}/stats`, { token: null })).status, 200);
  t.is((await call(sim, '/users/me/history', { token: null })).status, 401);
  t.is((await call(sim, `/users/${sim.userSlug}/notes/all`, { token: null })).status, 401);
  // A token that is sent must be valid even where none is needed.
  t.is((await call(sim, `/users/${sim.userSlug}/stats`, { token: 'bogus' })).status, 401);
});

test('expireAccessTokens makes the current token 401', async (t) => {
  const sim = await start(t);
  sim.expireAccessTokens();
  const r = await call(sim, '/sync/history');
  t.is(r.status, 401);
  t.regex(r.json.error_description, /expired/);
});

test('unknown routes are 404 and wrong methods 405, as JSON', async (t) => {
  const sim = await start(t);
  t.is((await call(sim, '/sync/nothing-here')).status, 404);
  t.is((await call(sim, '/sync/history', { method: 'PUT', body: {} })).status, 405);
});
