import type { RowBatch } from '../normalize/rows.ts';
import type { Job, RunContext } from './job.ts';
import { rowKeys } from './keys.ts';
import { queued } from './queued.ts';

export type NormalizeSingle = (
  normalizer: string,
  parts: Record<string, unknown>,
  fetchedAt: string,
) => RowBatch;

/**
 * Fetches a resource that is one object rather than pages (profile, stats),
 * possibly assembled from several calls (`parts`: settings and the user).
 */
export async function fetchSingle(
  job: Job,
  parts: Record<string, string>,
  run: RunContext,
  normalizeSingle: NormalizeSingle,
): Promise<{ rows: number; requests: number; inserted: number; updated: number; deleted: number }> {
  const bodies: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  const fetchedAt = run.now();
  await Promise.all(
    Object.entries(parts).map(async ([part, path]) => {
      const response = await queued(run.queue, () =>
        run.fetcher.get(path, job.query, run.signal === undefined ? {} : { signal: run.signal }),
      );
      bodies[part] = response.json;
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
  const batch = normalizeSingle(job.normalizer, bodies, fetchedAt);
  const stage = await run.store.stage(job.table);
  await stage.add(batch);
  await run.archive.recordCommit({
    resource: job.key,
    table: job.table,
    normalizer: job.normalizer,
    context: job.context,
    scope: job.scope,
    parts: files,
    files: Object.values(files),
    rows: rowKeys(job.table, batch).length,
    ...(job.state === undefined ? {} : { state: job.state }),
    at: fetchedAt,
  });
  const merge = await stage.commit({
    runId: run.runId,
    at: run.runStart,
    scope: job.scope,
    ...(job.state === undefined ? {} : { state: job.state }),
  });
  return { rows: rowKeys(job.table, batch).length, requests: Object.keys(parts).length, ...merge };
}
