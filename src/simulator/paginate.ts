/**
 * Pagination as Trakt does it in 2026 (docs/trakt-api.md §2 Pagination): 1-based `page`,
 * a per-endpoint default `limit`, a larger `limit` silently clamped to 250
 * (#925), the four X-Pagination-* headers, and `[]` past the last page.
 */
import { Rng } from './prng.ts';

// docs/trakt-api.md §2 Pagination: maximum page size 250 since 2026-06-15; larger limits are clamped (#925).
export const MAX_LIMIT = 250;
// docs/trakt-api.md §2 Pagination: observed default of 100 for history, watchlist, lists (#924).
export const DEFAULT_LIMIT = 100;
// docs/trakt-api.md §2 Pagination: comments default to 10 (#924).
export const COMMENTS_LIMIT = 10;
// docs/trakt-api.md §3 /sync/watched: extended=progress caps pages at 100.
export const PROGRESS_LIMIT = 100;

export interface Page {
  page: number;
  limit: number;
  offset: number;
  end: number;
  headers: Record<string, string>;
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

export function pageOf(
  query: Record<string, string>,
  total: number,
  defaultLimit = DEFAULT_LIMIT,
  maxLimit = MAX_LIMIT,
): Page {
  const page = positiveInt(query['page']) ?? 1;
  const limit = Math.min(positiveInt(query['limit']) ?? defaultLimit, maxLimit);
  const offset = Math.min((page - 1) * limit, total);
  const end = Math.min(offset + limit, total);
  // UNCERTAIN: the page count of an empty result; Rails paginators report 1 page, so do we.
  const pageCount = Math.max(1, Math.ceil(total / limit));
  return {
    page,
    limit,
    offset,
    end,
    headers: {
      'X-Pagination-Page': String(page),
      'X-Pagination-Limit': String(limit),
      'X-Pagination-Page-Count': String(pageCount),
      'X-Pagination-Item-Count': String(total),
    },
  };
}

/**
 * The positions of one page of a sorted sequence. With a shuffle seed (the
 * `dupes` fault), items that tie on the sort key come back in a different
 * order on every request, as Trakt's unstable sorts do (#760, #451), so a
 * client paging through sees some items twice and misses others.
 */
export function pagePositions(
  page: Page,
  total: number,
  keyAt: (position: number) => number | string,
  shuffleSeed: number | null,
): number[] {
  const { offset, end } = page;
  if (offset >= end) return [];
  if (shuffleSeed === null) return Array.from({ length: end - offset }, (_, i) => offset + i);
  let lo = offset;
  const firstKey = keyAt(offset);
  while (lo > 0 && keyAt(lo - 1) === firstKey) lo--;
  let hi = end;
  const lastKey = keyAt(end - 1);
  while (hi < total && keyAt(hi) === lastKey) hi++;
  const window = Array.from({ length: hi - lo }, (_, i) => lo + i);
  const rng = new Rng(shuffleSeed, 7);
  for (let start = 0; start < window.length; ) {
    let stop = start + 1;
    const key = keyAt(window[start]!);
    while (stop < window.length && keyAt(window[stop]!) === key) stop++;
    if (stop - start > 1) {
      const group = rng.shuffle(window.slice(start, stop));
      for (let k = 0; k < group.length; k++) window[start + k] = group[k]!;
    }
    start = stop;
  }
  return window.slice(offset - lo, end - lo);
}
