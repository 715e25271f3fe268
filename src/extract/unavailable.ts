/**
 * A 404 or 405 on a resource's own path means that resource is unavailable
 * on this account's Trakt (an endpoint retired, renamed, or never there):
 * the resource is named, the run goes on (docs/tolerance.md "Real Trakt is messier than
 * any simulator"). Errors are read by shape, not class: the extractor knows
 * the Fetcher port, not the HTTP client's errors, which carry `status`,
 * `method` and `path` (path and query, as sent).
 */
export function unavailableAnswer(error: unknown, paths: readonly string[]): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, method, path } = error as { status?: unknown; method?: unknown; path?: unknown };
  if ((status !== 404 && status !== 405) || typeof path !== 'string') return undefined;
  const bare = path.split('?')[0] ?? path;
  if (!paths.includes(bare)) return undefined;
  return `${typeof method === 'string' ? method : 'GET'} ${bare} answered ${status}`;
}
