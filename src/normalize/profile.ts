import { BatchBuilder } from './batch.ts';
import { Fields } from './fields.ts';
import type { RowBatch } from './rows.ts';

/**
 * The account's one `profile` row, from /users/settings (`user{...}`,
 * `account{timezone, date_format, time_24hr}`) and, when fetched,
 * /users/{id}?extended=full, whose fields win where both have one
 * (docs/trakt-api.md §3). The slug is required: it is the row's key. Everything else,
 * the numeric user id included, is optional.
 */
export function normalizeProfile(settings: unknown, user?: unknown): RowBatch {
  const s = Fields.of(settings, { label: 'response', source: 'GET /users/settings' });
  const u =
    user === undefined || user === null
      ? null
      : Fields.of(user, { label: 'response', source: 'GET /users/{id}' });
  const su = s.optObject('user');
  const account = s.optObject('account');
  const people = [u, su].filter((p): p is Fields => p !== null);
  const pick = <T>(read: (p: Fields) => T | null): T | null => {
    for (const p of people) {
      const value = read(p);
      if (value !== null) return value;
    }
    return null;
  };
  const slug = pick((p) => p.optObject('ids')?.optString('slug') ?? null);
  if (slug === null) return s.missing('user.ids.slug');
  const out = new BatchBuilder();
  out.add('profile', {
    slug,
    username: pick((p) => p.optString('username')),
    name: pick((p) => p.optString('name')),
    vip: pick((p) => p.optBool('vip')),
    vip_ep: pick((p) => p.optBool('vip_ep')),
    private: pick((p) => p.optBool('private')),
    joined_at: pick((p) => p.optTimestamp('joined_at')),
    location: pick((p) => p.optString('location')),
    about: pick((p) => p.optString('about')),
    timezone: account?.optString('timezone') ?? null,
    date_format: account?.optString('date_format') ?? null,
    time_24hr: account?.optBool('time_24hr') ?? null,
    user_trakt_id: pick((p) => p.optObject('ids')?.optId('trakt') ?? null),
  });
  return out.batch;
}
