import { normalizeSingle } from '../normalize/normalize-items.ts';
import { Quarantine } from '../normalize/quarantine.ts';
import type { JobOutcome } from './fetch-paged.ts';
import type { RunContext, SingleJob } from './job.ts';
import { rowKeys } from './keys.ts';
import type { Scope } from './ports.ts';
import { queued } from './queued.ts';

/**
 * Fetches a resource that is one object rather than pages (profile, stats),
 * possibly assembled from several calls (`parts`: settings and the user).
 * An answer its normalizer cannot read is the one item of the resource: it
 * is kept in rejected_items, the table keeps what it had (the load only
 * upserts, and moves no state), the resource is named as rejected, and the
 * run goes on.
 */
export async function fetchSingle(job: SingleJob, run: RunContext): Promise<JobOutcome> {
  const bodies: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  const requests: Record<string, string> = {};
  const fetchedAt = run.now();
  await Promise.all(
    Object.entries(job.parts).map(async ([part, path]) => {
      const response = await queued(run.queue, () =>
        run.fetcher.get(path, job.query, run.signal === undefined ? {} : { signal: run.signal }),
      );
      bodies[part] = response.json;
      requests[part] = `${response.method} ${response.path}`;
      files[part] = await run.archive.saveResponse(
        job.key,
        {
          method: response.method,
          path: response.path,
          status: response.status,
          body: response.body,
          items: null,
        },
        fetchedAt,
      );
    }),
  );
  const quarantine = new Quarantine(job.key, run.runId);
  const stage = await run.store.stage(job.table);
  const { batch, rejected: refused } = normalizeSingle(job.normalizer, bodies, fetchedAt);
  if (refused.length > 0) await stage.reject(quarantine.admit(requests['main'] ?? job.path, refused));
  const rejected = quarantine.size > 0;
  const scope: Scope = rejected ? { kind: 'upsert' } : job.scope;
  const state = rejected ? undefined : job.state;
  await stage.add(batch);
  const rows = rowKeys(job, batch).length;
  await run.archive.recordCommit({
    resource: job.key,
    table: job.table,
    normalizer: job.normalizer.name,
    context: job.context,
    scope,
    parts: files,
    files: Object.values(files),
    rows,
    ...(state === undefined ? {} : { state }),
    at: fetchedAt,
  });
  const merge = await stage.commit({
    runId: run.runId,
    at: run.runStart,
    scope,
    ...(state === undefined ? {} : { state }),
  });
  return {
    key: job.key,
    complete: !rejected,
    rows,
    expected: 1,
    requests: Object.keys(job.parts).length,
    merge,
    rejected: quarantine.size,
    ...(rejected
      ? { problem: 'rejected' as const, reason: 'its answer could not be read (see rejected_items)' }
      : {}),
  };
}
