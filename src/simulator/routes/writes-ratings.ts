/**
 * POST /sync/ratings and /sync/ratings/remove (the contract's `sync/index.ts` ratings
 * add/remove, `ratingsParamSchema`; the Apiary examples). A rating is an integer 1-10
 * with an optional `rated_at`; rating an item again replaces its rating and
 * counts as `added` (the contract's answer has no `updated`). A show may carry
 * `seasons` (and their `episodes`) with ratings of their own.
 */
import { type RatedKind, ratingKey, touch } from '../account.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import {
  accountLimitReply,
  counts,
  created,
  episodeByNumber,
  itemsOf,
  KIND_OF,
  nowSec,
  PLURAL_OF,
  type Plural,
  resolve,
  seasonByNumber,
  timeOf,
  unprocessable,
} from './writes-common.ts';

const TYPES = ['movies', 'shows', 'seasons', 'episodes'] as const satisfies readonly Plural[];

interface PlannedRating {
  kind: RatedKind;
  idx: number;
  rating: number;
  ratedAt: number;
}

function validRating(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

/** The ratings a body sets (or, for `remove`, names), and what it names that Trakt cannot find. */
function read(
  ctx: Ctx,
  needRating: boolean,
): { items: PlannedRating[]; notFound: Record<string, unknown[]> } | Reply {
  const universe = ctx.s.account.universe;
  const now = nowSec(ctx);
  const items: PlannedRating[] = [];
  const notFound: Record<string, unknown[]> = Object.fromEntries(TYPES.map((t) => [t, []]));
  const take = (kind: RatedKind, idx: number, source: Record<string, unknown>): Reply | undefined => {
    const rating = source['rating'];
    if (needRating && !validRating(rating))
      return unprocessable('rating must be a whole number from 1 to 10.');
    const ratedAt = timeOf(source['rated_at'], now);
    if (ratedAt === null) return unprocessable('rated_at must be a UTC datetime.');
    items.push({ kind, idx, rating: needRating ? (rating as number) : 0, ratedAt });
    return undefined;
  };
  for (const type of TYPES) {
    const kind = KIND_OF[type] as RatedKind;
    for (const item of itemsOf(ctx.body, type)) {
      const idx = resolve(universe, kind, item['ids']);
      if (idx === undefined) {
        notFound[type]!.push(item);
        continue;
      }
      const seasons = type === 'shows' ? itemsOf(item, 'seasons') : [];
      // A show with seasons rates what it names; the show itself only when it has a rating of its own.
      if (seasons.length === 0 || item['rating'] !== undefined) {
        const refused = take(kind, idx, item);
        if (refused) return refused;
      }
      for (const s of seasons) {
        const seasonIdx = seasonByNumber(universe, idx, s['number']);
        if (seasonIdx === undefined) continue;
        const episodes = itemsOf(s, 'episodes');
        if (s['rating'] !== undefined || episodes.length === 0) {
          const refused = take('season', seasonIdx, s);
          if (refused) return refused;
        }
        for (const ep of episodes) {
          const e = episodeByNumber(universe, seasonIdx, ep['number']);
          if (e === undefined) continue;
          const refused = take('episode', e, ep);
          if (refused) return refused;
        }
      }
    }
  }
  return { items, notFound };
}

function add(ctx: Ctx): Reply {
  const got = read(ctx, true);
  if ('status' in got) return got;
  const account = ctx.s.account;
  const fresh = new Set(
    got.items.map((r) => ratingKey(r.kind, r.idx)).filter((k) => !account.ratings.has(k)),
  );
  const limit = ctx.s.limits.ratings;
  if (account.ratings.size + fresh.size > limit) return accountLimitReply(account, limit);
  const added = counts(TYPES);
  for (const r of got.items) {
    account.ratings.set(ratingKey(r.kind, r.idx), {
      kind: r.kind,
      idx: r.idx,
      rating: r.rating,
      ratedAt: r.ratedAt,
    });
    added[PLURAL_OF[r.kind]]! += 1;
  }
  const kinds = [...new Set(got.items.map((r) => `${PLURAL_OF[r.kind]}.rated_at`))];
  if (kinds.length > 0) touch(account, nowSec(ctx), ...kinds);
  return created({ added, not_found: got.notFound });
}

function remove(ctx: Ctx): Reply {
  const got = read(ctx, false);
  if ('status' in got) return got;
  const account = ctx.s.account;
  const deleted = counts(TYPES);
  const kinds = new Set<string>();
  for (const r of got.items) {
    if (!account.ratings.delete(ratingKey(r.kind, r.idx))) continue;
    deleted[PLURAL_OF[r.kind]]! += 1;
    kinds.add(`${PLURAL_OF[r.kind]}.rated_at`);
  }
  if (kinds.size > 0) touch(account, nowSec(ctx), ...kinds);
  return { status: 200, body: { deleted, not_found: got.notFound } };
}

export const ratingWriteRoutes: Route[] = [
  { method: 'POST', pattern: '/sync/ratings', auth: 'required', handle: add },
  { method: 'POST', pattern: '/sync/ratings/remove', auth: 'required', handle: remove },
];
