import test from 'ava';
import { ExitCode, exitCodeOf } from '../../src/errors.ts';
import {
  type DeviceCode,
  pollDeviceToken,
  refreshToken,
  requestDeviceCode,
  revokeToken,
} from '../../src/http/auth.ts';
import { MissingCredentialsError, TokenError } from '../../src/http/errors.ts';
import { AutoClock, T0 } from './helpers/clock.ts';
import { AUTH, CLIENT_ID, CLIENT_SECRET, harness } from './helpers/setup.ts';
import { json } from './helpers/transport.ts';

const CODE: DeviceCode = {
  device_code: 'device-code-SECRET-d8e1f0a2b3c4',
  user_code: '5055CC52',
  verification_url: 'https://trakt.tv/activate',
  expires_in: 600,
  interval: 5,
};

const TOKENS = {
  access_token: 'access-from-device-flow-abcdef',
  refresh_token: 'refresh-from-device-flow-abcdef',
  expires_in: 604800,
  created_at: Math.floor(T0 / 1000),
  token_type: 'bearer',
  scope: 'public',
};

test('requestDeviceCode posts the client id to the auth host', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(200, CODE));
  t.deepEqual(await requestDeviceCode(client), CODE);
  t.is(transport.calls[0]?.url, `${AUTH}/oauth/device/code`);
  t.deepEqual(JSON.parse(transport.calls[0]?.body ?? ''), { client_id: CLIENT_ID });
});

test('pollDeviceToken keeps polling at `interval` while pending, slows down on 429, returns the token', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(400, {}), json(400, {}), json(429, {}), json(400, {}), json(200, TOKENS));
  const pending: number[] = [];
  const tokens = await pollDeviceToken(client, CODE, { clock, onPending: (p) => pending.push(p.polls) });
  t.deepEqual(tokens, TOKENS);
  t.deepEqual(clock.requested, [5000, 5000, 5000, 10_000, 10_000]);
  t.deepEqual(pending, [1, 2, 4]);
  t.deepEqual(JSON.parse(transport.calls[0]?.body ?? ''), {
    code: CODE.device_code,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
  });
  t.true(transport.calls.every((c) => c.url === `${AUTH}/oauth/device/token`));
  // A slow-down is not a rate-limit trip of the client.
  t.is(client.stats.rateLimited, 0);
});

const outcomes = [
  { status: 404, text: 'Trakt does not know this device code (404)' },
  { status: 409, text: 'this device code was already used (409)' },
  { status: 410, text: 'the device code expired before the login was approved' },
  { status: 418, text: 'the login was denied on trakt.tv (418)' },
];

for (const outcome of outcomes) {
  test(`pollDeviceToken: ${outcome.status} is a TokenError (exit 3) saying what happened`, async (t) => {
    const clock = new AutoClock();
    const { client, transport } = harness(clock);
    transport.reply(json(400, {}), json(outcome.status, {}));
    const error = await t.throwsAsync(pollDeviceToken(client, CODE, { clock }), { instanceOf: TokenError });
    t.is(exitCodeOf(error), ExitCode.auth);
    t.true(error.message.startsWith(`POST /oauth/device/token failed: ${outcome.text}.`), error.message);
    t.regex(error.message, /traktdb auth login/);
    t.false(error.message.includes(CODE.device_code));
    t.is(transport.calls.length, 2);
  });
}

test('pollDeviceToken stops when expires_in has passed', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.otherwise(() => json(400, {}));
  const error = await t.throwsAsync(
    pollDeviceToken(client, { ...CODE, expires_in: 12, interval: 5 }, { clock }),
    {
      instanceOf: TokenError,
    },
  );
  t.regex(error.message, /expired before the login was approved/);
  // Polls at 5 s, 10 s and 12 s (the last wait is cut to the deadline).
  t.deepEqual(clock.requested, [5000, 5000, 2000]);
  t.is(transport.calls.length, 3);
});

test('pollDeviceToken can be interrupted while it waits', async (t) => {
  const clock = new AutoClock();
  const controller = new AbortController();
  controller.abort();
  const { client } = harness(clock);
  const error = await t.throwsAsync(pollDeviceToken(client, CODE, { clock, signal: controller.signal }));
  t.regex(error.message, /interrupted/);
});

test('the device flow, refresh and revoke need the client secret: exit 3 whatever the step', async (t) => {
  const clock = new AutoClock();
  const { client } = harness(clock, { clientSecret: '' });
  const error = await t.throwsAsync(pollDeviceToken(client, CODE, { clock }), {
    instanceOf: MissingCredentialsError,
  });
  t.is(exitCodeOf(error), ExitCode.auth);
  t.regex(
    error.message,
    /^No Trakt client secret \(needed to finish `traktdb auth login`\): run `traktdb auth login` once/,
  );
  const refresh = await t.throwsAsync(refreshToken(client, 'r'), { instanceOf: MissingCredentialsError });
  t.is(exitCodeOf(refresh), ExitCode.auth);
  await t.throwsAsync(revokeToken(client, 'a'), { instanceOf: MissingCredentialsError });
});

test('refreshToken sends grant_type=refresh_token and returns the rotated pair', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(200, TOKENS));
  t.deepEqual(await refreshToken(client, 'old-refresh-token-123456'), TOKENS);
  t.is(transport.calls[0]?.url, `${AUTH}/oauth/token`);
  t.is(JSON.parse(transport.calls[0]?.body ?? '{}').grant_type, 'refresh_token');
});

test('refreshToken: a token answer without the fields is a TokenError that quotes nothing', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(json(200, { access_token: 'half-a-token-abcdef' }));
  const error = await t.throwsAsync(refreshToken(client, 'r'), { instanceOf: TokenError });
  t.is(
    error.message,
    "Trakt's answer to POST /oauth/token is not a usable Trakt token (no refresh_token). Run `traktdb auth login`.",
  );
});

test('revokeToken posts the token with the app credentials', async (t) => {
  const clock = new AutoClock();
  const { client, transport } = harness(clock);
  transport.reply(new Response(null, { status: 200 }));
  await revokeToken(client, 'access-to-revoke-123456');
  t.is(transport.calls[0]?.url, `${AUTH}/oauth/revoke`);
  t.deepEqual(JSON.parse(transport.calls[0]?.body ?? ''), {
    token: 'access-to-revoke-123456',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
  });
});
