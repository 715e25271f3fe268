/**
 * Sample items for a bug report (`doctor --out`), with nothing personal in
 * them (docs/tolerance.md: secrets and the user's own text redacted; other people's
 * names are personal data). What a sample is for is its shape: which keys,
 * which types, which ids. So strings are kept only where they are known to
 * be neither secret nor personal (an allowlist: a key added tomorrow is
 * redacted until someone decides otherwise); numbers, booleans and nulls
 * are kept, and every string of a user object is redacted.
 */

export const REDACTED = '[redacted]';

/** String fields that carry Trakt's own vocabulary or public data about movies and shows. */
const SAFE_STRINGS = new Set([
  'all',
  'type',
  'action',
  'media_type',
  'title',
  'privacy',
  'status',
  'certification',
  'country',
  'language',
  'network',
  'resolution',
  'hdr',
  'audio',
  'audio_channels',
  'sort_by',
  'sort_how',
  'comment_type',
  'episode_type',
  'released',
  'genres',
  'languages',
  'available_translations',
  'timezone',
  'date_format',
]);

/** Objects whose strings are all someone's own: another user, or the account's own profile fields. */
const PERSONAL_OBJECTS = new Set(['user', 'users', 'sharing_text', 'connections']);

/** Movies, shows, seasons, episodes, people: their ids (slug, imdb) are public. A list's or a user's slug is someone's words. */
const MEDIA_OBJECTS = new Set(['movie', 'show', 'season', 'episode', 'person']);

function isSafe(key: string, parents: readonly string[]): boolean {
  if (SAFE_STRINGS.has(key) || key.endsWith('_at')) return true;
  return parents.at(-1) === 'ids' && MEDIA_OBJECTS.has(parents.at(-2) ?? '');
}

/** A copy of `value` fit for a bug report. */
export function redactSample(value: unknown): unknown {
  return walk(value, [], false);
}

/** `parents`: the keys from the sample down to `value`, its own key last. */
function walk(value: unknown, parents: readonly string[], personal: boolean): unknown {
  const key = parents.at(-1);
  if (typeof value === 'string') {
    return !personal && key !== undefined && isSafe(key, parents.slice(0, -1)) ? value : REDACTED;
  }
  // Array elements keep their array's key (genres: ['drama']).
  if (Array.isArray(value)) return value.map((element) => walk(element, parents, personal));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  const mine = personal || (key !== undefined && PERSONAL_OBJECTS.has(key));
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[k] = walk(v, [...parents, k], mine);
  return out;
}
