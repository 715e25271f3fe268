import type { IdLookups } from './context.ts';

/**
 * Ids Trakt leaves out where they are secondary, learned with one request
 * each (docs/tolerance.md):
 *
 * - a season without `ids.trakt` (Trakt's own list-items example sends one,
 *   docs/tolerance.md) is found by number in its show's
 *   `GET /shows/{id}/seasons` (docs/trakt-api.md §3), once per show per run;
 * - a hidden user sent with only `ids.slug` (every user in Trakt's
 *   documented examples) gets its numeric id from `GET /users/{slug}`, whose
 *   contract requires `ids.trakt`, once per user per run.
 *
 * Only items that need one ask: a normal run makes no such request. Every
 * answer is archived (under the contract's LOOKUP_RESOURCE), so replaying the
 * archive learns exactly what the live run learned. Nothing from these
 * answers is loaded into a table: they only complete the items that named
 * them. The live run's asking is src/extract/id-lookups.ts; this is what
 * the answers mean, the same for a live run and a rebuild.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function traktIdOf(value: unknown): number | undefined {
  const ids = isRecord(value) ? value['ids'] : undefined;
  const id = isRecord(ids) ? ids['trakt'] : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

export function seasonsPath(showTraktId: number): string {
  return `/shows/${showTraktId}/seasons`;
}

export function userPath(slug: string): string {
  return `/users/${encodeURIComponent(slug)}`;
}

/**
 * The requests the items of one response need answered before they can be
 * read: the shows of seasons sent without a trakt id, and the slugs of
 * hidden users sent without one. Items carry what they are about at the top
 * level, or under `item` (notes).
 */
export function lookupNeeds(items: readonly unknown[]): string[] {
  const paths = new Set<string>();
  for (const item of items) {
    if (!isRecord(item)) continue;
    for (const about of [item, item['item']]) {
      if (!isRecord(about)) continue;
      const season = about['season'];
      if (about['type'] === 'season' && isRecord(season) && traktIdOf(season) === undefined) {
        const show = traktIdOf(about['show']);
        if (show !== undefined) paths.add(seasonsPath(show));
      }
      const user = about['user'];
      if (about['type'] === 'user' && isRecord(user) && traktIdOf(user) === undefined) {
        const ids = user['ids'];
        const slug = isRecord(ids) ? ids['slug'] : undefined;
        if (typeof slug === 'string' && slug !== '') paths.add(userPath(slug));
      }
    }
  }
  return [...paths];
}

/** IdLookups over answers by path (an absent or unreadable answer learns nothing). */
export function lookupsFrom(answers: ReadonlyMap<string, unknown>): IdLookups {
  return {
    season(showTraktId, number) {
      const seasons = answers.get(seasonsPath(showTraktId));
      if (!Array.isArray(seasons)) return undefined;
      const found = seasons.find((season) => isRecord(season) && season['number'] === number);
      return traktIdOf(found);
    },
    user(slug) {
      return traktIdOf(answers.get(userPath(slug)));
    },
  };
}
