/**
 * POST /sync/collection and /sync/collection/remove (Apiary "Add items to
 * collection": `collected_at` and the metadata `media_type`, `resolution`,
 * `hdr`, `audio`, `audio_channels`, `3d`; answers `added`, `updated`,
 * `existing`, `not_found`). A show adds its aired episodes (or those of the
 * seasons and episodes it names), a season its aired episodes. Apiary: "You can
 * resend items already in your collection and they will be updated with any
 * new values": an item sent again with a value that differs counts as
 * `updated`, one that changes nothing as `existing`.
 */
import { type CollectionMeta, touch } from '../account.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import {
  airedEpisodesOf,
  created,
  episodeByNumber,
  itemsOf,
  nowSec,
  resolve,
  seasonByNumber,
  timeOf,
  unprocessable,
} from './writes-common.ts';

const NOT_FOUND_TYPES = ['movies', 'shows', 'seasons', 'episodes'] as const;

interface Wanted {
  kind: 'movie' | 'episode';
  idx: number;
  source: Record<string, unknown>;
  /** The show or season item the episode came from, whose values it inherits. */
  parents: Record<string, unknown>[];
}

function read(ctx: Ctx): { wanted: Wanted[]; notFound: Record<string, unknown[]> } {
  const account = ctx.s.account;
  const universe = account.universe;
  const wanted: Wanted[] = [];
  const notFound: Record<string, unknown[]> = Object.fromEntries(NOT_FOUND_TYPES.map((t) => [t, []]));
  for (const item of itemsOf(ctx.body, 'movies')) {
    const idx = resolve(universe, 'movie', item['ids']);
    if (idx === undefined) notFound['movies']!.push(item);
    else wanted.push({ kind: 'movie', idx, source: item, parents: [] });
  }
  for (const item of itemsOf(ctx.body, 'episodes')) {
    const idx = resolve(universe, 'episode', item['ids']);
    if (idx === undefined) notFound['episodes']!.push(item);
    else wanted.push({ kind: 'episode', idx, source: item, parents: [] });
  }
  for (const item of itemsOf(ctx.body, 'seasons')) {
    const idx = resolve(universe, 'season', item['ids']);
    if (idx === undefined) notFound['seasons']!.push(item);
    else {
      for (const e of airedEpisodesOf(universe, idx, account.anchor)) {
        wanted.push({ kind: 'episode', idx: e, source: {}, parents: [item] });
      }
    }
  }
  for (const item of itemsOf(ctx.body, 'shows')) {
    const idx = resolve(universe, 'show', item['ids']);
    if (idx === undefined) {
      notFound['shows']!.push(item);
      continue;
    }
    const seasons = itemsOf(item, 'seasons');
    if (seasons.length === 0) {
      for (const e of [...universe.shows[idx]!.specials, ...universe.shows[idx]!.regular]) {
        wanted.push({ kind: 'episode', idx: e, source: {}, parents: [item] });
      }
      continue;
    }
    for (const s of seasons) {
      const seasonIdx = seasonByNumber(universe, idx, s['number']);
      if (seasonIdx === undefined) continue;
      const episodes = itemsOf(s, 'episodes');
      if (episodes.length === 0) {
        for (const e of airedEpisodesOf(universe, seasonIdx, account.anchor)) {
          wanted.push({ kind: 'episode', idx: e, source: {}, parents: [item, s] });
        }
        continue;
      }
      for (const ep of episodes) {
        const e = episodeByNumber(universe, seasonIdx, ep['number']);
        if (e !== undefined) wanted.push({ kind: 'episode', idx: e, source: ep, parents: [item, s] });
      }
    }
  }
  return { wanted, notFound };
}

/** A value from the item itself, else from the nearest parent that has it. */
function inherited(w: Wanted, key: string): unknown {
  if (w.source[key] !== undefined) return w.source[key];
  for (const parent of [...w.parents].reverse()) if (parent[key] !== undefined) return parent[key];
  return undefined;
}

function text(value: unknown, old: string | null): string | null {
  return value === undefined ? old : typeof value === 'string' ? value : null;
}

function add(ctx: Ctx): Reply {
  const account = ctx.s.account;
  const { wanted, notFound } = read(ctx);
  const now = nowSec(ctx);
  const added = { movies: 0, episodes: 0 };
  const updated = { movies: 0, episodes: 0 };
  const existing = { movies: 0, episodes: 0 };
  const kinds = new Set<string>();
  for (const w of wanted) {
    const collectedAt = timeOf(inherited(w, 'collected_at'), now);
    if (collectedAt === null) return unprocessable('collected_at must be a UTC datetime.');
  }
  for (const w of wanted) {
    const target = w.kind === 'movie' ? account.collectionMovies : account.collectionEpisodes;
    const plural = w.kind === 'movie' ? 'movies' : 'episodes';
    const old = target.get(w.idx);
    const blank: CollectionMeta = {
      mediaType: null,
      resolution: null,
      hdr: null,
      audio: null,
      audioChannels: null,
      is3d: null,
    };
    const base = old?.meta ?? blank;
    const threeD = inherited(w, '3d');
    const meta: CollectionMeta = {
      mediaType: text(inherited(w, 'media_type'), base.mediaType),
      resolution: text(inherited(w, 'resolution'), base.resolution),
      hdr: text(inherited(w, 'hdr'), base.hdr),
      audio: text(inherited(w, 'audio'), base.audio),
      audioChannels: text(inherited(w, 'audio_channels'), base.audioChannels),
      is3d: threeD === undefined ? base.is3d : typeof threeD === 'boolean' ? threeD : null,
    };
    const sentAt = inherited(w, 'collected_at');
    const collectedAt = sentAt === undefined && old ? old.collectedAt : (timeOf(sentAt, now) as number);
    if (old === undefined) {
      target.set(w.idx, { collectedAt, updatedAt: now, meta });
      added[plural] += 1;
    } else if (old.collectedAt !== collectedAt || JSON.stringify(old.meta) !== JSON.stringify(meta)) {
      target.set(w.idx, { collectedAt, updatedAt: now, meta });
      updated[plural] += 1;
    } else {
      existing[plural] += 1;
      continue;
    }
    kinds.add(`${plural}.collected_at`);
  }
  if (kinds.size > 0) touch(account, now, ...kinds);
  return created({ added, updated, existing, not_found: notFound });
}

function remove(ctx: Ctx): Reply {
  const account = ctx.s.account;
  const { wanted, notFound } = read(ctx);
  const deleted = { movies: 0, episodes: 0 };
  const kinds = new Set<string>();
  for (const w of wanted) {
    const target = w.kind === 'movie' ? account.collectionMovies : account.collectionEpisodes;
    if (!target.delete(w.idx)) continue;
    const plural = w.kind === 'movie' ? 'movies' : 'episodes';
    deleted[plural] += 1;
    kinds.add(`${plural}.collected_at`);
  }
  if (kinds.size > 0) touch(account, nowSec(ctx), ...kinds);
  return { status: 200, body: { deleted, not_found: notFound } };
}

export const collectionWriteRoutes: Route[] = [
  { method: 'POST', pattern: '/sync/collection', auth: 'required', handle: add },
  { method: 'POST', pattern: '/sync/collection/remove', auth: 'required', handle: remove },
];
