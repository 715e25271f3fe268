import { type ActivityValues, activitiesChanged, unknownActivity } from './activities.ts';

/**
 * Resuming inside a resource: the pages an interrupted run (killed, stopped,
 * or cut off from the network) archived for a resource it never committed
 * are read back from the archive instead of fetched again, when
 * last_activities says the resource has not moved since they were fetched.
 * History pages stay valid because they were pinned by the interrupted
 * run's `end_at`: the resumed load asks the missing pages with that same
 * `end_at`, so every page describes one instant. Page 1 is always fetched
 * live: it brings the current X-Pagination counts, and the load is verified
 * complete against them like any other (a page that does not fit makes the
 * next pass fetch everything live). docs/sync.md "Resuming".
 */

/** One archived answer, as fetch-paged loads it. */
export interface ArchivedPage {
  method: string;
  path: string;
  status: number;
  body: string;
  json: unknown;
}

/** X-Pagination headers as archived with a page. */
export interface ArchivedPagination {
  page: number;
  limit: number;
  pageCount: number;
  itemCount: number;
}

/** What one interrupted run archived for one resource. */
export interface ArchivedPages {
  /** The run that fetched them. */
  runId: number;
  /** The resource's last_activities values when they were fetched (undefined: not known). */
  activities: ActivityValues | undefined;
  /** The `end_at` the pages were pinned to (history), when they were. */
  endAt: string | undefined;
  /** By page number: the request without its `page` (see pageKey) and a reader of the archived answer. */
  pages: ReadonlyMap<
    number,
    { base: string; pagination?: ArchivedPagination | undefined; read: () => Promise<ArchivedPage> }
  >;
}

/** The archived pages of the interrupted runs, by resource (src/runs/resume.ts builds it). */
export interface ResumeSource {
  pagesOf(resource: string): ArchivedPages | undefined;
}

/** A request path told apart from its page number: `base` is the path and query without `page`. */
export function pageKey(path: string): { base: string; page: number } {
  const at = path.indexOf('?');
  if (at < 0) return { base: path, page: 1 };
  const params = new URLSearchParams(path.slice(at + 1));
  const page = Number(params.get('page') ?? '1') || 1;
  params.delete('page');
  params.sort();
  const rest = params.toString();
  return { base: rest === '' ? path.slice(0, at) : `${path.slice(0, at)}?${rest}`, page };
}

/**
 * Whether archived pages can stand for what Trakt would send now: the
 * resource's activities are known, then and now, and equal. An unknown
 * activity (missing or null) never vouches for anything (docs/tolerance.md).
 */
export function stillValid(archived: ArchivedPages, current: ActivityValues): boolean {
  const then = archived.activities;
  if (then === undefined || unknownActivity(then) || unknownActivity(current)) return false;
  if (Object.keys(current).length === 0) return false;
  return !activitiesChanged(then, current);
}

/** Pages reused so far in a run, for the "resuming" line. */
export class ResumeTally {
  pages = 0;
  readonly resources = new Set<string>();
  add(resource: string): void {
    this.pages += 1;
    this.resources.add(resource);
  }
}
