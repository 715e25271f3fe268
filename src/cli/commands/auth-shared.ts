import type { Config } from '../../config.ts';
import type { TraktClient } from '../../http/client.ts';
import { missingClientId } from '../../http/errors.ts';
import { err } from '../io.ts';

/** The app's client id, or exit 3 with a sentence saying how to give it. */
export function requireClientId(config: Config): string {
  const id = config.clientId.value;
  if (id === undefined) throw missingClientId();
  return id;
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

/**
 * A rough human duration: the largest unit that fits, rounded to the nearest
 * whole one, so a week-long token checked a minute after login is "7 days",
 * not "6 days" (and 23 h 50 min is "1 day", not "24 hours").
 */
export function span(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [index, [size, name]] of units.entries()) {
    if (ms < size) continue;
    const n = Math.round(ms / size);
    const larger = units[index - 1];
    // Rounding up can reach the next unit: 59.6 minutes is an hour.
    if (larger !== undefined && n * size >= larger[0]) return `1 ${larger[1]}`;
    return `${n} ${name}${n === 1 ? '' : 's'}`;
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
