import { UsageError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { closest } from '../suggest.ts';
import { show } from './options.ts';

/**
 * The local time zone of a report (docs/reports.md, "What the numbers mean"): `--tz` if
 * given, else the account's time zone from /users/settings (stored in
 * profile.timezone), else UTC. A zone must be one DuckDB's ICU knows
 * (pg_timezone_names()), checked with a bound parameter.
 */
export async function resolveTimezone(duck: Duck, requested: string | null): Promise<string> {
  if (requested !== null) {
    if (!(await isKnownZone(duck, requested))) throw await unknownZone(duck, '--tz', requested);
    return requested;
  }
  const account = await accountTimezone(duck);
  return account !== undefined && (await isKnownZone(duck, account)) ? account : 'UTC';
}

/**
 * The refusal of a zone DuckDB does not know, naming the one it was probably
 * meant to be (`europe/berlin` -> Europe/Berlin, `Europe/Berln` -> Europe/Berlin).
 */
export async function unknownZone(duck: Duck, where: string, zone: string): Promise<UsageError> {
  const rows = await duck.all<{ name: string }>('SELECT name FROM pg_timezone_names() ORDER BY name');
  const meant = closest(
    zone,
    rows.map((r) => r.name),
  );
  return new UsageError(
    `${where} ${show(zone)} is not a known time zone${meant === undefined ? '' : ` (did you mean ${meant}?)`}; use an IANA name such as America/New_York or UTC.`,
  );
}

export async function isKnownZone(duck: Duck, zone: string): Promise<boolean> {
  const row = await duck.one<{ known: boolean }>(
    'SELECT count(*) > 0 AS known FROM pg_timezone_names() WHERE name = $zone',
    { zone },
  );
  return row?.known === true;
}

async function accountTimezone(duck: Duck): Promise<string | undefined> {
  const row = await duck.one<{ timezone: string | null }>(
    'SELECT timezone FROM stg_profile WHERE timezone IS NOT NULL ORDER BY user_slug LIMIT 1',
  );
  return row?.timezone ?? undefined;
}
