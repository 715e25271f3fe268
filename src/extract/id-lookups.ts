import type { IdLookups } from '../normalize/context.ts';
import type { Page } from './ports.ts';

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
 * answer is archived under LOOKUP_RESOURCE, so replaying the archive learns
 * exactly what the live run learned. Nothing from these answers is loaded
 * into a table: they only complete the items that named them.
 */

/** The archive's resource name for these answers. */
export const LOOKUP_RESOURCE = 'id_lookups';

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

/**
 * Answers that mean "nothing to learn here", not "the run cannot go on":
 * the show or user is not there (404, 405), or a private user's profile is
 * closed to us (401, 403: docs/trakt-api.md §2 leaves a private profile's
 * status open). The items that needed it are then rejected, with the
 * reason, and the next run asks again; anything else fails as any request.
 */
const NOTHING_TO_LEARN = new Set([401, 403, 404, 405]);

function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    NOTHING_TO_LEARN.has((error as { status?: unknown }).status as number)
  );
}

/** The live run's lookups: each path asked at most once per run, whatever asks and however often. */
export class RunLookups {
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(
    /** Sends the request (inside the caller's queue slot) and archives the answer. */
    private readonly fetch: (path: string) => Promise<Page>,
  ) {}

  /** What `paths` answer, for the items that need them. */
  async resolve(paths: readonly string[]): Promise<IdLookups> {
    const bodies = await Promise.all(paths.map((path) => this.answer(path)));
    return lookupsFrom(new Map(paths.map((path, i) => [path, bodies[i]])));
  }

  private answer(path: string): Promise<unknown> {
    let answer = this.answers.get(path);
    if (answer === undefined) {
      answer = this.fetch(path).then(
        (page) => page.json,
        (error: unknown) => {
          if (isNotFound(error)) return undefined;
          // A failure that is not an answer is not cached: a later item may ask again.
          this.answers.delete(path);
          throw error;
        },
      );
      this.answers.set(path, answer);
    }
    return answer;
  }
}
