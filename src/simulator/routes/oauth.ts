/**
 * The OAuth routes (docs/trakt-api.md §4), served on the same base URL as the API:
 * device code and polling, the token endpoint (authorization_code and
 * refresh_token grants), revocation, and an authorize endpoint that
 * approves at once (a test stands in for the user).
 */
import { INVALID_GRANT } from '../auth.ts';
import type { Reply, SimState } from '../state.ts';

type Body = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const INVALID_CLIENT: Reply = {
  status: 401,
  body: {
    error: 'invalid_client',
    error_description:
      'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  },
};

const DEVICE_ERRORS: Record<number, { error: string; error_description: string }> = {
  400: { error: 'authorization_pending', error_description: 'The user has not yet approved this code.' },
  404: { error: 'invalid_code', error_description: 'Invalid device_code.' },
  409: { error: 'code_already_used', error_description: 'This code was already used.' },
  410: { error: 'expired_token', error_description: 'The device_code has expired; start again.' },
  418: { error: 'access_denied', error_description: 'The user denied this code.' },
  429: { error: 'slow_down', error_description: 'Polling too quickly; wait the interval between polls.' },
};

export function oauth(
  s: SimState,
  method: string,
  path: string,
  query: Record<string, string>,
  body: Body,
): Reply {
  const clientOk = str(body['client_id']) === s.clientId;
  const secretOk = clientOk && str(body['client_secret']) === s.clientSecret;
  if (method === 'GET' && path === '/oauth/authorize') {
    if (query['client_id'] !== s.clientId) return INVALID_CLIENT;
    const redirect = query['redirect_uri'] ?? 'urn:ietf:wg:oauth:2.0:oob';
    const code = s.auth.newAuthCode(redirect);
    if (redirect.startsWith('urn:')) return { status: 200, body: { code } };
    const target = new URL(redirect);
    target.searchParams.set('code', code);
    if (query['state'] !== undefined) target.searchParams.set('state', query['state']);
    return { status: 302, headers: { Location: target.toString() } };
  }
  if (method !== 'POST') return { status: 405, body: { error: 'method_not_allowed' } };
  switch (path) {
    case '/oauth/device/code': {
      if (!clientOk) return INVALID_CLIENT;
      const code = s.auth.newDeviceCode();
      const info = s.auth.deviceCodeInfo();
      return {
        status: 200,
        body: {
          device_code: code.deviceCode,
          user_code: code.userCode,
          verification_url: 'https://trakt.tv/activate',
          expires_in: info.expiresIn,
          interval: info.interval,
        },
      };
    }
    case '/oauth/device/token': {
      if (!secretOk) return INVALID_CLIENT;
      const result = s.auth.poll(str(body['code']) ?? '');
      if (result.status === 200) return { status: 200, body: result.token };
      return { status: result.status, body: DEVICE_ERRORS[result.status] };
    }
    case '/oauth/token': {
      if (!secretOk) return INVALID_CLIENT;
      const grant = str(body['grant_type']);
      const token =
        grant === 'refresh_token'
          ? s.auth.refresh(str(body['refresh_token']) ?? '')
          : grant === 'authorization_code'
            ? s.auth.exchange(str(body['code']) ?? '', str(body['redirect_uri']) ?? '')
            : null;
      if (token === null) {
        return {
          status: 400,
          body: {
            error: 'unsupported_grant_type',
            error_description: 'The authorization grant type is not supported by the authorization server.',
          },
        };
      }
      if (!token) return { status: 400, body: { error: 'invalid_grant', error_description: INVALID_GRANT } };
      return { status: 200, body: token };
    }
    case '/oauth/revoke': {
      if (!secretOk) return INVALID_CLIENT;
      s.auth.revoke(str(body['token']) ?? '');
      return { status: 200, body: {} };
    }
    default:
      return { status: 404, body: { error: 'not_found' } };
  }
}
