import test from 'ava';
import { call, manualClock, oauthPost, start } from './helpers.ts';

test('device flow: 400 pending, 429 too fast, 200 once approved, 409 after', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { clock: clock.now, deviceIntervalSeconds: 5, deviceExpiresSeconds: 600 });
  const code = await oauthPost(sim, '/oauth/device/code', { client_id: sim.clientId });
  t.is(code.status, 200);
  t.is(code.json.interval, 5);
  t.is(code.json.expires_in, 600);
  t.is(code.json.verification_url, 'https://trakt.tv/activate');
  t.regex(code.json.user_code, /^[0-9A-F]{8}$/);
  const poll = () =>
    oauthPost(sim, '/oauth/device/token', {
      code: code.json.device_code,
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
    });
  t.is((await poll()).status, 429, 'polling before the interval is slow down');
  clock.advance(5000);
  t.is((await poll()).status, 400, 'pending');
  clock.advance(2000);
  t.is((await poll()).status, 429);
  t.true(sim.device.approve(code.json.user_code));
  clock.advance(5000);
  const token = await poll();
  t.is(token.status, 200);
  t.is(token.json.token_type, 'bearer');
  t.is(token.json.expires_in, 7 * 86_400);
  t.is(token.json.created_at, Math.floor(clock.now() / 1000));
  t.is((await call(sim, '/sync/last_activities', { token: token.json.access_token })).status, 200);
  clock.advance(5000);
  t.is((await poll()).status, 409);
});

test('device flow: 404 for an unknown code, 418 when denied, 410 when expired', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { clock: clock.now, deviceIntervalSeconds: 1, deviceExpiresSeconds: 30 });
  const body = (code: string) => ({ code, client_id: sim.clientId, client_secret: sim.clientSecret });
  t.is((await oauthPost(sim, '/oauth/device/token', body('nope'))).status, 404);
  const denied = await oauthPost(sim, '/oauth/device/code', { client_id: sim.clientId });
  t.true(sim.device.deny(denied.json.user_code));
  clock.advance(1000);
  t.is((await oauthPost(sim, '/oauth/device/token', body(denied.json.device_code))).status, 418);
  const late = await oauthPost(sim, '/oauth/device/code', { client_id: sim.clientId });
  clock.advance(31_000);
  t.is((await oauthPost(sim, '/oauth/device/token', body(late.json.device_code))).status, 410);
  t.false(sim.device.approve(late.json.user_code), 'an expired code cannot be approved');
});

test('device approval over the control route', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { clock: clock.now, deviceIntervalSeconds: 1 });
  const code = await oauthPost(sim, '/oauth/device/code', { client_id: sim.clientId });
  const approve = await fetch(`${sim.url}/_sim/device/approve`, {
    method: 'POST',
    body: JSON.stringify({ user_code: code.json.user_code }),
  });
  t.is(approve.status, 200);
  t.deepEqual(await approve.json(), {
    user_code: code.json.user_code,
    state: 'approved',
    message: 'Approved: the next poll of POST /oauth/device/token answers with a token.',
  });
  const again = await fetch(`${sim.url}/_sim/device/deny`, {
    method: 'POST',
    body: JSON.stringify({ user_code: code.json.user_code }),
  });
  t.is(again.status, 404);
  clock.advance(1000);
  const token = await oauthPost(sim, '/oauth/device/token', {
    code: code.json.device_code,
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
  });
  t.is(token.status, 200);
});

test('wrong client credentials are 401 invalid_client', async (t) => {
  const sim = await start(t);
  const r = await oauthPost(sim, '/oauth/token', {
    grant_type: 'refresh_token',
    refresh_token: sim.refreshToken,
    client_id: sim.clientId,
    client_secret: 'wrong',
  });
  t.is(r.status, 401);
  t.is(r.json.error, 'invalid_client');
});

test('refresh rotates both tokens; reusing a refresh token is 400 invalid_grant', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { clock: clock.now, tokenTtlSeconds: 3600 });
  const refresh = (token: string) =>
    oauthPost(sim, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: token,
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
    });
  clock.advance(3_700_000);
  t.is((await call(sim, '/sync/history')).status, 401, 'the first token expired');
  const first = await refresh(sim.refreshToken);
  t.is(first.status, 200);
  t.not(first.json.refresh_token, sim.refreshToken);
  t.not(first.json.access_token, sim.accessToken);
  t.is(first.json.expires_in, 3600);
  t.is((await call(sim, '/sync/history', { token: first.json.access_token })).status, 200);
  const reuse = await refresh(sim.refreshToken);
  t.is(reuse.status, 400);
  t.is(reuse.json.error, 'invalid_grant');
  t.regex(reuse.json.error_description, /invalid, expired, revoked/);
  // Refreshing again revokes the access token it replaces (Doorkeeper's behaviour).
  const second = await refresh(first.json.refresh_token);
  t.is(second.status, 200);
  t.is((await call(sim, '/sync/history', { token: first.json.access_token })).status, 401);
  t.is((await call(sim, '/sync/history', { token: second.json.access_token })).status, 200);
  const unsupported = await oauthPost(sim, '/oauth/token', {
    grant_type: 'password',
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
  });
  t.is(unsupported.status, 400);
  t.is(unsupported.json.error, 'unsupported_grant_type');
});

test('refresh still works after expireAccessTokens', async (t) => {
  const sim = await start(t);
  sim.expireAccessTokens();
  const r = await oauthPost(sim, '/oauth/token', {
    grant_type: 'refresh_token',
    refresh_token: sim.refreshToken,
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
  });
  t.is(r.status, 200);
  t.is((await call(sim, '/sync/history', { token: r.json.access_token })).status, 200);
});

test('revoke invalidates the access token and its refresh token', async (t) => {
  const sim = await start(t);
  const r = await oauthPost(sim, '/oauth/revoke', {
    token: sim.accessToken,
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
  });
  t.is(r.status, 200);
  t.deepEqual(r.json, {});
  const after = await call(sim, '/sync/history');
  t.is(after.status, 401);
  t.regex(after.json.error_description, /revoked/);
  const refresh = await oauthPost(sim, '/oauth/token', {
    grant_type: 'refresh_token',
    refresh_token: sim.refreshToken,
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
  });
  t.is(refresh.status, 400);
});

test('authorization code grant: authorize redirects with a code, the token endpoint exchanges it once', async (t) => {
  const sim = await start(t);
  const redirect = 'http://localhost:9999/callback';
  const auth = await fetch(
    `${sim.url}/oauth/authorize?response_type=code&client_id=${sim.clientId}&redirect_uri=${encodeURIComponent(redirect)}&state=xyz`,
    { redirect: 'manual', headers: { 'User-Agent': 't' } },
  );
  t.is(auth.status, 302);
  const location = new URL(auth.headers.get('location')!);
  t.is(location.searchParams.get('state'), 'xyz');
  const code = location.searchParams.get('code')!;
  const exchange = (redirectUri: string) =>
    oauthPost(sim, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
    });
  t.is((await exchange('http://elsewhere/')).status, 400);
  const ok = await exchange(redirect);
  t.is(ok.status, 200);
  t.is((await call(sim, '/users/settings', { token: ok.json.access_token })).status, 200);
  t.is((await exchange(redirect)).status, 400);
});
