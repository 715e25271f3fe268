import { VERSION } from '../version.ts';

/** Trakt's debug header on every response: which bucket, and what is left of it. */
export interface RateLimitHeader {
  name?: string;
  limit: number;
  remaining: number;
  /** End of the bucket's current window, as Trakt sent it (ISO 8601). */
  until: string;
  /** Window length in seconds. */
  period?: number;
}

export interface Pagination {
  page: number;
  limit: number;
  pageCount: number;
  itemCount: number;
}

/**
 * The headers every request carries (docs/trakt-api.md §1, D-hdr): the official client
 * sends Content-Type, trakt-api-version and trakt-api-key on every call.
 */
export function requestHeaders(clientId: string, accessToken: string | undefined): Headers {
  const headers = new Headers({
    'Content-Type': 'application/json',
    'User-Agent': `traktdb/${VERSION}`,
    'trakt-api-key': clientId,
    // docs/trakt-api.md §1: trakt-api-version: 2
    'trakt-api-version': '2',
  });
  if (accessToken !== undefined) headers.set('Authorization', `Bearer ${accessToken}`);
  return headers;
}

/**
 * `X-Ratelimit` is optional debug JSON, e.g.
 * `{"name":"UNAUTHED_API_GET_LIMIT","period":300,"limit":1000,"remaining":0,"until":"2020-10-10T00:24:00Z"}`
 * (docs/trakt-api.md §2, D-rl). Anything malformed is ignored rather than trusted.
 */
export function parseRateLimit(headers: Headers): RateLimitHeader | undefined {
  const raw = headers.get('x-ratelimit');
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const limit = finite(v['limit']);
  const remaining = finite(v['remaining']);
  const until = typeof v['until'] === 'string' ? v['until'] : undefined;
  if (limit === undefined || remaining === undefined || until === undefined) return undefined;
  if (Number.isNaN(Date.parse(until))) return undefined;
  const header: RateLimitHeader = { limit, remaining, until };
  if (typeof v['name'] === 'string') header.name = v['name'];
  const period = finite(v['period']);
  if (period !== undefined && period > 0) header.period = period;
  return header;
}

/** The four X-Pagination-* headers (docs/trakt-api.md §2, D-pg); undefined unless all four are numbers. */
export function parsePagination(headers: Headers): Pagination | undefined {
  const page = intHeader(headers, 'x-pagination-page');
  const limit = intHeader(headers, 'x-pagination-limit');
  const pageCount = intHeader(headers, 'x-pagination-page-count');
  const itemCount = intHeader(headers, 'x-pagination-item-count');
  if (page === undefined || limit === undefined || pageCount === undefined || itemCount === undefined) {
    return undefined;
  }
  return { page, limit, pageCount, itemCount };
}

/**
 * `Retry-After` in milliseconds. Trakt sends seconds, not a timestamp (docs/trakt-api.md §2, #219);
 * an HTTP date is accepted too because a proxy in front of Trakt may send one.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after')?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}
