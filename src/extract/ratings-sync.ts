import { commitState } from './commit-state.ts';
import { fetchPaged, type JobOutcome, noChange } from './fetch-paged.ts';
import type { Job, RunContext } from './job.ts';
import type { MirrorQueries, Scope } from './ports.ts';
import {
  localKey,
  planSlices,
  RATED_TYPES,
  type RatedMediaType,
  remoteRatingCounts,
  type SlicePart,
} from './ratings-slices.ts';
import { unavailableAnswer } from './unavailable.ts';

/**
 * A sync of the ratings by slices (ratings-slices.ts decides which): each
 * moved type's changed values are paged in one comma-separated sequence
 * (`/sync/ratings/{type}/{v1,v2}`) that replaces exactly those (type, value)
 * rows of the mirror, or the whole type when counts cannot tell. Each slice
 * is complete by its own X-Pagination-Item-Count; then each type is proven
 * against Trakt's count of it (/users/{id}/stats), and a type that does not
 * add up is paged again whole. The ratings' state moves only once every
 * type is in, so a run stopped halfway is redone by the next. A filtered
 * path that answers 404 or 405 falls back to the whole resource.
 */
export async function syncRatingSlices(
  job: Job,
  slicePath: string,
  moved: readonly RatedMediaType[],
  run: RunContext,
  mirror: Pick<MirrorQueries, 'countBy' | 'countRows'>,
  stats: () => Promise<unknown>,
): Promise<JobOutcome> {
  const remote = remoteRatingCounts(await stats().catch(() => undefined));
  const local = new Map<string, number>();
  for (const { values, count } of await mirror.countBy(job.table, ['media_type', 'rating'])) {
    local.set(localKey(String(values[0]), Number(values[1])), count);
  }
  const parts = planSlices({ moved, local, remote, pageSize: run.pageSize });
  const total = sum(job.key);
  const jobs = parts.map((part) => partJob(job, slicePath, part));
  const settled = await Promise.allSettled(jobs.map((part) => fetchPaged(part, run)));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    // A filtered path this Trakt does not serve: the whole resource, as a sync without slices pulls it.
    if (
      unavailableAnswer(
        failed.reason,
        jobs.map((part) => part.path),
      ) === undefined
    )
      throw failed.reason;
    return fetchPaged(job, run);
  }
  const outcomes = settled.map((result) => (result as PromiseFulfilledResult<JobOutcome>).value);
  for (const outcome of outcomes) add(total, outcome);
  // The proof per type: after its slices, the mirror holds as many of its ratings as Trakt counts.
  const again: SlicePart[] = [];
  for (const [i, part] of parts.entries()) {
    if (part.values === 'all' || !outcomes[i]?.complete || remote === undefined) continue;
    const held = await mirror.countRows(job.table, { media_type: part.mediaType });
    if (held !== remote.perType[part.mediaType]) {
      again.push({
        mediaType: part.mediaType,
        values: 'all',
        why: `its slices left ${held} ratings, not ${remote.perType[part.mediaType]}`,
      });
    }
  }
  for (const outcome of await Promise.all(
    again.map((part) => fetchPaged(partJob(job, slicePath, part), run)),
  )) {
    add(total, outcome);
  }
  if (total.complete && job.state !== undefined) await commitState(job, run, job.state);
  return total;
}

/** The load of one part: its path and the rows it replaces. */
export function partJob(job: Job, slicePath: string, part: SlicePart): Job {
  const type = RATED_TYPES.find((t) => t.mediaType === part.mediaType)?.type ?? part.mediaType;
  const { state: _state, collect: _collect, expectedCount: _count, ...rest } = job;
  const values = part.values;
  const base = slicePath.replace('{type}', type);
  const path =
    values === 'all' ? base.replace(/\/\{rating\}$/, '') : base.replace('{rating}', values.join(','));
  const scope: Scope =
    values === 'all'
      ? { kind: 'where', equals: { media_type: part.mediaType } }
      : {
          kind: 'union',
          of: values.map((rating) => ({ kind: 'where', equals: { media_type: part.mediaType, rating } })),
        };
  return { ...rest, path, scope };
}

function sum(key: string): JobOutcome {
  return { key, complete: true, rows: 0, expected: 0, requests: 0, merge: noChange(), rejected: 0 };
}

function add(total: JobOutcome, outcome: JobOutcome): void {
  total.complete &&= outcome.complete;
  total.rows += outcome.rows;
  total.expected += outcome.expected;
  total.requests += outcome.requests;
  total.rejected += outcome.rejected;
  total.merge.inserted += outcome.merge.inserted;
  total.merge.updated += outcome.merge.updated;
  total.merge.deleted += outcome.merge.deleted;
  total.merge.mediaUpserted += outcome.merge.mediaUpserted;
  if (outcome.problem !== undefined && total.problem !== 'rejected') total.problem = outcome.problem;
  if (outcome.reason !== undefined) total.reason = outcome.reason;
}
