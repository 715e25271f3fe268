import type { Clock } from '../clock.ts';
import { InterruptedError } from '../errors.ts';
import type { TraktClient, TraktResponse } from './client.ts';
import { HttpError, LOGIN_HINT, missingClientSecret, TokenError } from './errors.ts';
import { parseTokenSet, type TokenSet } from './token-set.ts';

/**
 * OAuth over the client's auth host (docs/trakt-api.md §1: every OAuth call goes to
 * auth.trakt.tv). Bodies carry the client secret, device codes and refresh
 * tokens, so no message here ever quotes a body, and the client shows
 * /oauth/* paths without a query.
 */

/** `POST /oauth/device/code` (docs/trakt-api.md §4; C `oauth/schema/response/codeResponseSchema.ts`). */
export interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_url: string;
  /** Seconds the code stays valid. */
  expires_in: number;
  /** Seconds between polls. */
  interval: number;
}

// The redirect URI of apps without one, which device-flow apps are.
const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';
// RFC 8628 §3.5: on "slow down", poll 5 seconds less often.
const SLOW_DOWN_STEP_S = 5;

export async function requestDeviceCode(client: TraktClient): Promise<DeviceCode> {
  const { client_id } = client.oauthCredentials();
  const response = await client.post('/oauth/device/code', { client_id }, { host: 'auth', auth: false });
  const v = asRecord(response.json);
  const device_code = v['device_code'];
  const user_code = v['user_code'];
  const verification_url = v['verification_url'];
  const expires_in = v['expires_in'];
  const interval = v['interval'];
  if (
    typeof device_code !== 'string' ||
    typeof user_code !== 'string' ||
    typeof verification_url !== 'string' ||
    typeof expires_in !== 'number' ||
    typeof interval !== 'number'
  ) {
    throw new HttpError(
      `POST /oauth/device/code failed: Trakt's answer has no usable device code. Check --auth-url, then try again.`,
      { method: 'POST', path: response.path, status: response.status },
    );
  }
  return { device_code, user_code, verification_url, expires_in, interval: Math.max(1, interval) };
}

export interface PollOptions {
  clock: Clock;
  signal?: AbortSignal;
  /** Called after each "pending" answer (400): the person has not approved yet. */
  onPending?: (info: { polls: number; intervalSeconds: number; expiresAt: number }) => void;
}

/**
 * Polls `POST /oauth/device/token` every `interval` seconds until the person
 * approves or the code expires (docs/trakt-api.md §4, D-dev): 200 token, 400 pending,
 * 404 invalid code, 409 already used, 410 expired, 418 denied, 429 slow down.
 */
export async function pollDeviceToken(
  client: TraktClient,
  code: DeviceCode,
  options: PollOptions,
): Promise<TokenSet> {
  const { client_id, client_secret } = credentialsWithSecret(client, 'finish `traktdb auth login`');
  const { clock, signal } = options;
  const expiresAt = clock.now() + code.expires_in * 1000;
  let intervalSeconds = Math.max(1, code.interval);
  let polls = 0;
  for (;;) {
    if (clock.now() >= expiresAt) throw expired();
    try {
      await clock.sleep(Math.min(intervalSeconds * 1000, Math.max(0, expiresAt - clock.now())), signal);
    } catch (error) {
      throw new InterruptedError('`traktdb auth login` was interrupted while waiting for approval.', {
        cause: error,
      });
    }
    polls += 1;
    const response = await client.post(
      '/oauth/device/token',
      { code: code.device_code, client_id, client_secret },
      { host: 'auth', auth: false, accept: [400, 404, 409, 410, 418, 429], ...(signal ? { signal } : {}) },
    );
    switch (response.status) {
      case 400:
        options.onPending?.({ polls, intervalSeconds, expiresAt });
        continue;
      case 429:
        intervalSeconds += SLOW_DOWN_STEP_S;
        continue;
      case 404:
        throw deviceError(
          response,
          'Trakt does not know this device code (404)',
          'Run `traktdb auth login` again.',
        );
      case 409:
        throw deviceError(
          response,
          'this device code was already used (409)',
          'Run `traktdb auth login` again for a new code.',
        );
      case 410:
        throw expired();
      case 418:
        throw deviceError(
          response,
          'the login was denied on trakt.tv (418)',
          'Run `traktdb auth login` again and approve the app.',
        );
      default:
        return tokenSetFrom(response);
    }
  }
}

/**
 * Trades the refresh token for a new pair (`grant_type=refresh_token`). The
 * old refresh token is spent from here on (docs/trakt-api.md §4: single-use, rotating):
 * the caller must save the new pair before using it (TokenSource does).
 */
export async function refreshToken(client: TraktClient, refresh_token: string): Promise<TokenSet> {
  const { client_id, client_secret } = credentialsWithSecret(client, 'refresh the Trakt token');
  const response = await client.post(
    '/oauth/token',
    { refresh_token, client_id, client_secret, redirect_uri: OOB_REDIRECT, grant_type: 'refresh_token' },
    { host: 'auth', auth: false, accept: [400, 401] },
  );
  if (response.status === 400 || response.status === 401) {
    // docs/trakt-api.md §4: `400 {error: invalid_grant, error_description}`; the error code is safe to show, the body is not.
    const code = asRecord(response.json)['error'];
    const reason = typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : `HTTP ${response.status}`;
    throw TokenError.failed(
      { method: response.method, path: response.path, status: response.status },
      `Trakt refused the refresh token (${reason}); it was revoked, expired or already used`,
      LOGIN_HINT,
    );
  }
  return tokenSetFrom(response);
}

/** `POST /oauth/revoke {token, client_id, client_secret}` (docs/trakt-api.md §4). */
export async function revokeToken(client: TraktClient, token: string): Promise<void> {
  const { client_id, client_secret } = credentialsWithSecret(client, 'log out');
  await client.post('/oauth/revoke', { token, client_id, client_secret }, { host: 'auth', auth: false });
}

function tokenSetFrom(response: TraktResponse): TokenSet {
  return parseTokenSet(response.json, `Trakt's answer to ${response.method} ${response.path}`);
}

function credentialsWithSecret(
  client: TraktClient,
  purpose: string,
): { client_id: string; client_secret: string } {
  const { client_id, client_secret } = client.oauthCredentials();
  if (client_secret === undefined || client_secret === '') {
    throw missingClientSecret(purpose);
  }
  return { client_id, client_secret };
}

function deviceError(response: TraktResponse, what: string, todo: string): TokenError {
  return TokenError.failed(
    { method: response.method, path: response.path, status: response.status },
    what,
    todo,
  );
}

function expired(): TokenError {
  return TokenError.failed(
    { method: 'POST', path: '/oauth/device/token', status: 410 },
    'the device code expired before the login was approved',
    'Run `traktdb auth login` again and approve it in time.',
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
