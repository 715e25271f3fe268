import { ArchiveError } from '../errors.ts';
import type { ExtractListener } from '../extract/events.ts';
import { normalizeItems } from '../extract/normalize-items.ts';
import { normalizeItem, normalizeSingle } from '../extract/normalizers.ts';
import type { CommitSpec, Scope, StateUpdate } from '../extract/ports.ts';
import { readArchive, readArchivedBody } from '../land/archive.ts';
import type { CommitEntry, ResponseEntry } from '../land/manifest.ts';
import type { MirrorTable, Store } from '../load/store.ts';
import { buildModels } from '../models/build.ts';
import type { RowBatch } from '../normalize/rows.ts';

export interface RebuildSummary {
  runId: number;
  runs: number;
  loads: number;
  files: number;
  rows: number;
}

/**
 * Recreates a database from the raw archive alone: every committed load of
 * every run, in the order it was made, through the same normalizers and the
 * same merge as the live run. No network.
 */
export async function rebuild(options: {
  archive: string;
  store: Store;
  now: () => string;
  emit?: ExtractListener;
}): Promise<RebuildSummary> {
  const { store } = options;
  const runs = await readArchive(options.archive);
  if (runs.length === 0) {
    throw new ArchiveError(`The archive ${options.archive} holds no runs; there is nothing to rebuild from.`);
  }
  const runId = await store.startRun('rebuild', options.now());
  let loads = 0;
  let files = 0;
  let rows = 0;
  try {
    for (const run of runs) {
      const responses = new Map<string, ResponseEntry>();
      for (const entry of run.entries) {
        if (entry.type === 'response') responses.set(entry.file, entry);
        if (entry.type !== 'commit') continue;
        const batches = replay(run.dir, entry, responses);
        const stage = await store.stage(entry.table as MirrorTable);
        for await (const batch of batches) {
          files += 1;
          await stage.add(batch);
        }
        const spec: CommitSpec = { runId, at: entry.at, scope: entry.scope as Scope };
        if (entry.state !== undefined) spec.state = entry.state as StateUpdate;
        await stage.commit(spec);
        loads += 1;
        rows += entry.rows;
        options.emit?.({
          type: 'resource-done',
          resource: entry.resource,
          title: entry.resource,
          rows: entry.rows,
          inserted: 0,
          updated: 0,
          deleted: 0,
          requests: 0,
        });
      }
    }
    await buildModels(store.duck);
    await store.finishRun(runId, {
      status: 'succeeded',
      finishedAt: options.now(),
      requests: 0,
      rateLimited: 0,
      waitedMs: 0,
    });
  } catch (error) {
    await store
      .finishRun(runId, {
        status: 'failed',
        finishedAt: options.now(),
        requests: 0,
        rateLimited: 0,
        waitedMs: 0,
        error: (error as Error).message,
      })
      .catch(() => undefined);
    throw error;
  }
  return { runId, runs: runs.length, loads, files, rows };
}

/** The normalized rows of one archived load, file by file, so memory stays flat. */
async function* replay(
  dir: string,
  entry: CommitEntry,
  responses: Map<string, ResponseEntry>,
): AsyncGenerator<RowBatch> {
  const read = async (file: string): Promise<{ response: ResponseEntry; json: unknown }> => {
    const response = responses.get(file);
    if (response === undefined) {
      throw new ArchiveError(
        `The archive manifest in ${dir} names ${file} in a commit but never recorded it.`,
      );
    }
    const body = await readArchivedBody(dir, response);
    try {
      return { response, json: JSON.parse(body) };
    } catch (error) {
      throw new ArchiveError(`The archive file ${dir}/${file} is not valid JSON.`, { cause: error });
    }
  };
  if (entry.parts !== undefined) {
    const parts: Record<string, unknown> = {};
    for (const [part, file] of Object.entries(entry.parts)) parts[part] = (await read(file)).json;
    yield normalizeSingle(entry.normalizer, parts, entry.at);
    return;
  }
  for (const file of entry.files) {
    const { response, json } = await read(file);
    if (!Array.isArray(json))
      throw new ArchiveError(`The archive file ${dir}/${file} does not hold a JSON array.`);
    yield normalizeItems(
      normalizeItem,
      entry.normalizer,
      json,
      `${response.method} ${response.path}`,
      entry.context,
    );
  }
}
