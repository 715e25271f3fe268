/**
 * GET /sync/playback[/{type}] (docs/trakt-api.md §3: paused items of the last 6 months,
 * progress 0-100) and DELETE /sync/playback/{id}, the one write route, which
 * draws on the write budget.
 */
import { touch } from '../account.ts';
import { mediaFields } from '../media-json.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso, parseBound } from '../time.ts';
import { badRequest, notFound, paged } from './common.ts';

function playback(ctx: Ctx): Reply {
  const type = ctx.params['type'];
  if (type !== undefined && type !== 'movies' && type !== 'episodes') return notFound();
  const kind = type === 'movies' ? 'movie' : type === 'episodes' ? 'episode' : undefined;
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.POSITIVE_INFINITY;
  if (ctx.query['start_at'] !== undefined) {
    const v = parseBound(ctx.query['start_at'], 'start');
    if (v === undefined) return badRequest('start_at is not a date');
    start = v / 1000;
  }
  if (ctx.query['end_at'] !== undefined) {
    const v = parseBound(ctx.query['end_at'], 'end');
    if (v === undefined) return badRequest('end_at is not a date');
    end = v / 1000;
  }
  const universe = ctx.s.account.universe;
  const items = ctx.s.account.playback
    .filter((p) => (!kind || p.kind === kind) && p.pausedAt >= start && p.pausedAt <= end)
    .sort((x, y) => y.pausedAt - x.pausedAt || y.id - x.id);
  return paged(
    ctx,
    items.length,
    (i) => items[i]!.pausedAt,
    (i) => {
      const p = items[i]!;
      return {
        progress: p.progress,
        paused_at: iso(p.pausedAt),
        id: p.id,
        type: p.kind,
        ...mediaFields(universe, p.kind, p.idx, ctx.full),
      };
    },
    { required: 'paused_at' },
  );
}

function removePlayback(ctx: Ctx): Reply {
  const a = ctx.s.account;
  const id = Number(ctx.params['id']);
  const at = a.playback.findIndex((p) => p.id === id);
  if (at < 0) return notFound('playback item not found');
  const [removed] = a.playback.splice(at, 1);
  const now = Math.floor(ctx.s.clock() / 1000);
  touch(a, now, removed!.kind === 'movie' ? 'movies.paused_at' : 'episodes.paused_at');
  return { status: 204 };
}

export const playbackRoutes: Route[] = [
  { method: 'GET', pattern: '/sync/playback', auth: 'required', handle: playback },
  { method: 'GET', pattern: '/sync/playback/:type', auth: 'required', handle: playback },
  { method: 'DELETE', pattern: '/sync/playback/:id', auth: 'required', handle: removePlayback },
];
