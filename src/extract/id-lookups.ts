import type { IdLookups } from '../normalize/context.ts';
import { lookupsFrom } from '../normalize/lookups.ts';
import type { Page } from './ports.ts';

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
