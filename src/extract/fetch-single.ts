import { rejection } from '../normalize/rejected.ts';
import type { RowBatch } from '../normalize/rows.ts';
import type { Job, RunContext } from './job.ts';
import { rowKeys } from './keys.ts';
import type { Scope } from './ports.ts';
import { Quarantine } from './quarantine.ts';
import { queued } from './queued.ts';

export type NormalizeSingle = (
  normalizer: string,
  parts: Record<string, unknown>,
  fetchedAt: string,
) => RowBatch;

/**
 * Fetches a resource that is one object rather than pages (profile, stats),
 * possibly assembled from several calls (`parts`: settings and the user).
 * An answer its normalizer cannot read is the one item of the resource: it
 * is kept in rejected_items, the table keeps what it had (the load only
 * upserts, and moves no state), and the run goes on.
 */
export async function fetchSingle(
  job: Job,
  parts: Record<string, string>,
  run: RunContext,
  normalizeSingle: NormalizeSingle,
): Promise<{
  rows: number;
  requests: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
}> {
  const bodies: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  const requests: Record<string, string> = {};
  const fetchedAt = run.now();
  await Promise.all(
    Object.entries(parts).map(async ([part, path]) => {
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
  let batch: RowBatch = {};
  const quarantine = new Quarantine(job.key, run.runId);
  const stage = await run.store.stage(job.table);
  try {
    batch = normalizeSingle(job.normalizer, bodies, fetchedAt);
  } catch (error) {
    const item = Object.keys(bodies).length === 1 ? bodies['main'] : bodies;
    const rows = quarantine.admit(requests['main'] ?? job.path, [{ position: 0, ...rejection(error), item }]);
    await stage.reject(rows);
  }
  const rejected = quarantine.size > 0;
  const scope: Scope = rejected ? { kind: 'upsert' } : job.scope;
  const state = rejected ? undefined : job.state;
  await stage.add(batch);
  await run.archive.recordCommit({
    resource: job.key,
    table: job.table,
    normalizer: job.normalizer,
    context: job.context,
    scope,
    parts: files,
    files: Object.values(files),
    rows: rowKeys(job.table, batch).length,
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
    rows: rowKeys(job.table, batch).length,
    requests: Object.keys(parts).length,
    inserted: merge.inserted,
    updated: merge.updated,
    deleted: merge.deleted,
    rejected: quarantine.size,
  };
}
