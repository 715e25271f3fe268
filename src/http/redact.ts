/**
 * Secrets (access and refresh tokens, the client secret, device codes) must
 * never reach an error message, an event, the archive manifest or a log
 * (docs/guarantees.md, "Secrets stay secret"; issue 8 item 7). Two layers: paths are
 * built without them, and every message is scrubbed of the values we know.
 */

export type Query = Record<string, string | number | boolean | undefined>;

const SECRET_PARAM = /token|secret|password|^code$|device_code|^key$|api[-_]?key/i;
export const REDACTED = '[redacted]';

/** The query string a request sends, in a stable order of insertion. */
export function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * Path and query as shown in errors, events and the archive: values of
 * parameters that look secret are replaced, and OAuth paths lose their query.
 */
export function displayPath(path: string, query?: Query): string {
  const [bare = '', inline] = splitQuery(path);
  if (isOAuthPath(bare)) return bare;
  const params = new URLSearchParams(inline ?? '');
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(key, String(value));
  }
  const shown = new URLSearchParams();
  for (const [key, value] of params) shown.append(key, SECRET_PARAM.test(key) ? REDACTED : value);
  const text = shown.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  return text === '' ? bare : `${bare}?${text}`;
}

export function isOAuthPath(path: string): boolean {
  return /^\/?oauth(\/|$)/.test(path);
}

/** Replaces every known secret value in `text`; short values are left alone so as not to mangle prose. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  return out;
}

function splitQuery(path: string): [string, string | undefined] {
  const at = path.indexOf('?');
  return at === -1 ? [path, undefined] : [path.slice(0, at), path.slice(at + 1)];
}
