/**
 * GET /sync/ratings[/{type}[/{rating}]] and /users/{id}/ratings/... (docs/trakt-api.md §3):
 * newest rating first; `rating` filters by a comma list of 1-10.
 */
import type { Rating } from '../account.ts';
import { mediaFields, traktIdOf } from '../media-json.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import { notFound, paged, SINGULAR } from './common.ts';

const TYPES = new Set(['movies', 'shows', 'seasons', 'episodes', 'all']);

function sortedRatings(ctx: Ctx): Rating[] {
  const a = ctx.s.account;
  return ctx.s.views.get('ratings', () =>
    [...a.ratings.values()].sort(
      (x, y) =>
        y.ratedAt - x.ratedAt || traktIdOf(a.universe, x.kind, x.idx) - traktIdOf(a.universe, y.kind, y.idx),
    ),
  );
}

function ratings(ctx: Ctx): Reply {
  const type = ctx.params['type'] ?? 'all';
  if (!TYPES.has(type)) return notFound();
  let wanted: Set<number> | undefined;
  if (ctx.params['rating'] !== undefined) {
    const values = ctx.params['rating'].split(',').map(Number);
    if (values.some((v) => !Number.isInteger(v) || v < 1 || v > 10)) return notFound();
    wanted = new Set(values);
  }
  const kind = type === 'all' ? undefined : SINGULAR[type];
  const all = sortedRatings(ctx);
  const items =
    kind === undefined && wanted === undefined
      ? all
      : ctx.s.views.get(`ratings:${type}:${ctx.params['rating'] ?? ''}`, () =>
          all.filter((r) => (kind === undefined || r.kind === kind) && (!wanted || wanted.has(r.rating))),
        );
  const universe = ctx.s.account.universe;
  return paged(
    ctx,
    items.length,
    (i) => items[i]!.ratedAt,
    (i) => {
      const r = items[i]!;
      return {
        rated_at: iso(r.ratedAt),
        rating: r.rating,
        type: r.kind,
        ...mediaFields(universe, r.kind, r.idx, ctx.full),
      };
    },
    { required: 'rated_at' },
  );
}

export const ratingRoutes: Route[] = [
  { method: 'GET', pattern: '/sync/ratings', auth: 'required', handle: ratings },
  { method: 'GET', pattern: '/sync/ratings/:type', auth: 'required', handle: ratings },
  { method: 'GET', pattern: '/sync/ratings/:type/:rating', auth: 'required', handle: ratings },
  { method: 'GET', pattern: '/users/:user/ratings', auth: 'user', handle: ratings },
  { method: 'GET', pattern: '/users/:user/ratings/:type', auth: 'user', handle: ratings },
  { method: 'GET', pattern: '/users/:user/ratings/:type/:rating', auth: 'user', handle: ratings },
];
