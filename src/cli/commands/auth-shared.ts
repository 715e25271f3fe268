import type { Config } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import type { TraktClient } from '../../http/client.ts';
import { err } from '../io.ts';

/** The app's client id, or a sentence saying how to give it. */
export function requireClientId(config: Config, purpose: string): string {
  const id = config.clientId.value;
  if (id === undefined) {
    throw new UsageError(
      `No Trakt client id: set --client-id or TRAKT_CLIENT_ID to ${purpose} (see README, "A first real session").`,
    );
  }
  return id;
}

/** The app's client secret, which every OAuth call but the device code request carries. */
export function requireClientSecret(config: Config, purpose: string): string {
  const secret = config.clientSecret.value;
  if (secret === undefined) {
    throw new UsageError(
      `TRAKT_CLIENT_SECRET is not set; set it to your Trakt app's client secret to ${purpose}.`,
    );
  }
  return secret;
}

/**
 * "2026-11-08 12:00 UTC (in 6 days)" or "(expired 3 hours ago)": when a token
 * stops working, absolute and relative, so a glance says whether to worry.
 */
export function describeExpiry(expiresAtMs: number, nowMs: number): string {
  const when = `${new Date(expiresAtMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const delta = expiresAtMs - nowMs;
  return delta > 0 ? `${when} (in ${span(delta)})` : `${when} (expired ${span(-delta)} ago)`;
}

/** A rough human duration: the largest whole unit. */
export function span(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a second';
}

/**
 * What `auth` commands tell the person: sentences on stderr, or with
 * `--log-format json` one JSON object per line (same shape as the progress
 * events: `at`, `type`, fields), so a script can pick out the device code.
 */
export interface Notifier {
  /** `always`: shown even with --quiet (the device code: without it a login cannot finish). */
  say(type: string, text: string, fields?: Record<string, unknown>, always?: boolean): void;
}

export function notifier(options: { format: 'text' | 'json'; quiet: boolean }): Notifier {
  return {
    say(type, text, fields = {}, always = false) {
      if (options.quiet && !always) return;
      if (options.format === 'json') {
        err(JSON.stringify({ at: new Date().toISOString(), type, ...fields, message: text }));
      } else {
        err(text);
      }
    },
  };
}

/** Who the token belongs to: `GET /users/settings` answers `{user{username, ids{slug}}, ...}` (docs/trakt-api.md §3). */
export async function whoAmI(client: TraktClient): Promise<{ username: string; slug: string | undefined }> {
  const response = await client.get('/users/settings');
  const user = record(record(response.json)['user']);
  const username = user['username'];
  const slug = record(user['ids'])['slug'];
  return {
    username: typeof username === 'string' ? username : '(unknown)',
    slug: typeof slug === 'string' ? slug : undefined,
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
