/**
 * Small helpers every handler uses: JSON replies, Trakt-style errors and the
 * paged list reply.
 */
import type { Json } from '../media-json.ts';
import { pageOf, pagePositions } from '../paginate.ts';
import type { Ctx, Reply } from '../state.ts';

export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

export function notFound(what = 'Not Found'): Reply {
  return { status: 404, body: { error: 'not_found', error_description: what } };
}

export function badRequest(what: string): Reply {
  return { status: 400, body: { error: 'bad_request', error_description: what } };
}

export interface PagedOptions {
  defaultLimit?: number;
  maxLimit?: number;
  headers?: Record<string, string>;
  required?: string;
}

/** One page of a sorted sequence of `total` items: headers, tie scrambling, rendering. */
export function paged(
  ctx: Ctx,
  total: number,
  keyAt: (position: number) => number | string,
  render: (position: number) => Json,
  options: PagedOptions = {},
): Reply {
  if (ctx.unpaged !== undefined) {
    // A quirk: the endpoint ignores page and limit, answers its first items and says nothing of paging.
    const positions = Array.from({ length: Math.min(total, ctx.unpaged) }, (_, i) => i);
    const reply: Reply = { status: 200, body: positions.map(render) };
    if (options.headers) reply.headers = { ...options.headers };
    if (options.required) reply.required = options.required;
    return reply;
  }
  const page = pageOf(ctx.query, total, options.defaultLimit, options.maxLimit);
  const positions = pagePositions(page, total, keyAt, ctx.shuffleSeed);
  const reply: Reply = {
    status: 200,
    body: positions.map(render),
    headers: { ...page.headers, ...options.headers },
  };
  if (options.required) reply.required = options.required;
  return reply;
}

/** `type` path segments come plural (movies) in sync routes; the item `type` is singular. */
export const SINGULAR: Record<string, 'movie' | 'show' | 'season' | 'episode' | 'person'> = {
  movies: 'movie',
  shows: 'show',
  seasons: 'season',
  episodes: 'episode',
  people: 'person',
  movie: 'movie',
  show: 'show',
  season: 'season',
  episode: 'episode',
  person: 'person',
};
