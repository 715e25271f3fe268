/**
 * GET /movies/{id}/people and /shows/{id}/people (docs/trakt-api.md §8;
 * contract `_internal/response/peopleResponseSchema.ts`, Apiary
 * `/movies/{id}/people`): `cast` entries `{character, characters,
 * episode_count?, person}`, `crew` keyed by department with `{job, jobs,
 * episode_count?, person}`. Public (no token needed), not paged. The id is a
 * trakt id, a slug or an IMDb id (Apiary's parameter text); `person` carries
 * its full fields only with `extended=full`. A show's people are show-level:
 * there are no guest stars (`extended=guest_stars` is not implemented).
 */

import { type CreditKind, creditsOf } from '../credits.ts';
import { type Json, personJson } from '../media-json.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import type { MediaUniverse } from '../universe.ts';
import { notFound, ok } from './common.ts';

const BY_KEY = new WeakMap<MediaUniverse, Record<CreditKind, Map<string, number>>>();

/** Slug and IMDb id -> index, built once per catalogue (16,000 movies are too many to scan per request). */
function keys(universe: MediaUniverse): Record<CreditKind, Map<string, number>> {
  let out = BY_KEY.get(universe);
  if (out) return out;
  const index = (items: { slug: string; imdb: string | null }[]) => {
    const map = new Map<string, number>();
    items.forEach((item, i) => {
      map.set(item.slug, i);
      if (item.imdb !== null && !map.has(item.imdb)) map.set(item.imdb, i);
    });
    return map;
  };
  out = { movie: index(universe.movies), show: index(universe.shows) };
  BY_KEY.set(universe, out);
  return out;
}

/** The catalogue index of a movie or show named by trakt id, slug or IMDb id. */
export function findTitle(universe: MediaUniverse, kind: CreditKind, key: string): number | undefined {
  if (/^\d+$/.test(key)) return universe.index[kind].get(Number(key));
  return keys(universe)[kind].get(key);
}

function people(kind: CreditKind) {
  return (ctx: Ctx): Reply => {
    const universe = ctx.s.account.universe;
    const idx = findTitle(universe, kind, ctx.params['id'] ?? '');
    if (idx === undefined) return notFound(`${kind} not found`);
    const credits = creditsOf(universe, kind, idx);
    if (credits === null) return notFound(`no people for this ${kind}`);
    const person = (p: number) => personJson(universe, p, ctx.full);
    const withEpisodes = (n: number | null): Json => (n === null ? {} : { episode_count: n });
    return ok({
      cast: credits.cast.map((c) => ({
        // UNCERTAIN: the singular field's value for two characters; TMDB joins them with " / ".
        character: c.characters.join(' / '),
        characters: c.characters,
        ...withEpisodes(c.episodes),
        person: person(c.person),
      })),
      crew: Object.fromEntries(
        credits.crew.map(([department, entries]) => [
          department,
          entries.map((c) => ({
            job: c.jobs.join(' / '),
            jobs: c.jobs,
            ...withEpisodes(c.episodes),
            person: person(c.person),
          })),
        ]),
      ),
    });
  };
}

export const peopleRoutes: Route[] = [
  { method: 'GET', pattern: '/movies/:id/people', auth: 'none', handle: people('movie') },
  { method: 'GET', pattern: '/shows/:id/people', auth: 'none', handle: people('show') },
];
