/**
 * OAuth state (docs/trakt-api.md §4): access tokens that expire, refresh tokens that are
 * single use and rotate, revocation, the device flow state machine, and the
 * authorization-code grant. Times come from the injected clock.
 *
 * Choice (docs/trakt-api.md is silent): refreshing revokes the old access token at once,
 * as Doorkeeper (the Rails OAuth server behind Trakt's error texts) does.
 */
import { randomBytes } from 'node:crypto';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  scope: 'public';
  created_at: number;
}

interface AccessToken {
  expiresAt: number;
  revoked: boolean;
  refresh: string;
  /** Whose account the token opens: 0 the main one, 1 the second (empty) one. */
  owner: number;
}

interface RefreshToken {
  used: boolean;
  revoked: boolean;
  access: string;
}

export type TokenState = 'missing' | 'unknown' | 'expired' | 'revoked' | 'valid';

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  createdAt: number;
  expiresAt: number;
  intervalMs: number;
  lastPoll: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
}

export type PollResult =
  | { status: 200; token: TokenResponse }
  | { status: 400 | 404 | 409 | 410 | 418 | 429 };

// Doorkeeper's text, which Trakt returns for a bad grant (AG /oauth/token).
export const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

function secret(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

export class AuthStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refreshes = new Map<string, RefreshToken>();
  private readonly devices = new Map<string, DeviceCode>();
  private readonly codes = new Map<string, { redirectUri: string; used: boolean; expiresAt: number }>();

  constructor(
    private readonly clock: () => number,
    private readonly ttlSeconds: number,
    private readonly device: { intervalSeconds: number; expiresSeconds: number },
  ) {}

  issue(owner = 0): TokenResponse {
    const now = this.clock();
    const access = secret();
    const refresh = secret();
    this.access.set(access, { expiresAt: now + this.ttlSeconds * 1000, revoked: false, refresh, owner });
    this.refreshes.set(refresh, { used: false, revoked: false, access });
    return {
      access_token: access,
      token_type: 'bearer',
      expires_in: this.ttlSeconds,
      refresh_token: refresh,
      scope: 'public',
      created_at: Math.floor(now / 1000),
    };
  }

  state(token: string | undefined): TokenState {
    if (token === undefined || token === '') return 'missing';
    const t = this.access.get(token);
    if (!t) return 'unknown';
    if (t.revoked) return 'revoked';
    if (this.clock() >= t.expiresAt) return 'expired';
    return 'valid';
  }

  /** The account a token opens (the main one for a token never issued here). */
  ownerOf(token: string | undefined): number {
    return token === undefined ? 0 : (this.access.get(token)?.owner ?? 0);
  }

  /** Whether the token was ever issued here (its owner's budget applies even when it has expired). */
  known(token: string | undefined): boolean {
    return token !== undefined && this.access.has(token);
  }

  refresh(refreshToken: string): TokenResponse | undefined {
    const r = this.refreshes.get(refreshToken);
    if (!r || r.used || r.revoked) return undefined;
    r.used = true;
    const old = this.access.get(r.access);
    if (old) old.revoked = true;
    return this.issue(old?.owner ?? 0);
  }

  revoke(token: string): void {
    const a = this.access.get(token);
    if (a) {
      a.revoked = true;
      const r = this.refreshes.get(a.refresh);
      if (r) r.revoked = true;
      return;
    }
    const r = this.refreshes.get(token);
    if (r) {
      r.revoked = true;
      const linked = this.access.get(r.access);
      if (linked) linked.revoked = true;
    }
  }

  expireAll(): void {
    for (const t of this.access.values()) t.expiresAt = Math.min(t.expiresAt, this.clock());
  }

  // ------------------------------------------------------------ device flow

  newDeviceCode(): DeviceCode {
    const now = this.clock();
    const code: DeviceCode = {
      deviceCode: secret(),
      userCode: randomBytes(4).toString('hex').toUpperCase(),
      createdAt: now,
      expiresAt: now + this.device.expiresSeconds * 1000,
      intervalMs: this.device.intervalSeconds * 1000,
      lastPoll: now,
      state: 'pending',
    };
    this.devices.set(code.deviceCode, code);
    return code;
  }

  deviceCodeInfo(): { expiresIn: number; interval: number } {
    return { expiresIn: this.device.expiresSeconds, interval: this.device.intervalSeconds };
  }

  private byUserCode(userCode: string): DeviceCode | undefined {
    for (const code of this.devices.values()) if (code.userCode === userCode) return code;
    return undefined;
  }

  /** Returns false when no pending code has that user code. */
  decide(userCode: string, approve: boolean): boolean {
    const code = this.byUserCode(userCode);
    if (code?.state !== 'pending' || this.clock() >= code.expiresAt) return false;
    code.state = approve ? 'approved' : 'denied';
    return true;
  }

  /** One poll of /oauth/device/token (docs/trakt-api.md §4 status table). */
  poll(deviceCode: string): PollResult {
    const code = this.devices.get(deviceCode);
    if (!code) return { status: 404 };
    const now = this.clock();
    if (code.state === 'used') return { status: 409 };
    if (code.state === 'denied') return { status: 418 };
    if (now >= code.expiresAt) return { status: 410 };
    const tooSoon = now - code.lastPoll < code.intervalMs;
    code.lastPoll = now;
    if (tooSoon) return { status: 429 };
    if (code.state === 'approved') {
      code.state = 'used';
      return { status: 200, token: this.issue() };
    }
    return { status: 400 };
  }

  // ------------------------------------------------------------ authorization code

  newAuthCode(redirectUri: string): string {
    const code = secret(16);
    this.codes.set(code, { redirectUri, used: false, expiresAt: this.clock() + 600_000 });
    return code;
  }

  exchange(code: string, redirectUri: string): TokenResponse | undefined {
    const c = this.codes.get(code);
    if (!c || c.used || c.redirectUri !== redirectUri || this.clock() >= c.expiresAt) return undefined;
    c.used = true;
    return this.issue();
  }
}
