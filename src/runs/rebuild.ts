import { catalog } from '../../pipelines/catalog.ts';
import { ArchiveError } from '../errors.ts';
import type { ExtractListener } from '../extract/events.ts';
import { readArchive } from '../land/archive.ts';
import type { ResponseEntry } from '../land/manifest.ts';
import type { RunChanges, Store } from '../load/store.ts';
import { buildModels } from '../models/build.ts';
import { replayCommit } from './replay.ts';

/**
 * History loads of more plays than this are committed in chunks this big.
 * Replaying the 1,000,000-play archive's history alone peaked at 1,108 MB
 * in one transaction and at 629 MB in chunks of 250,000, in the same 47 s;
 * chunks of 122,880 (one DuckDB row group) peaked at 560 MB but took 13%
 * longer, as every chunk upserts its shows and episodes again.
 */
export const CHUNK_ROWS = 250_000;

export interface RebuildSummary {
  runId: number;
  runs: number;
  loads: number;
  files: number;
  rows: number;
  /** The archived runs replayed, by their original ids, in order (kept in sync_runs.replayed_runs). */
  replayed: number[];
  /** What the rebuild changed, as its sync_runs row records it. */
  changes: RunChanges;
}

/** A load's friendly title: the catalog's, `items of list 42` for a child. */
function titleOf(resource: string): string {
  const [name = resource, id] = resource.split(':');
  for (const entry of catalog) {
    if (entry.name === name) return entry.title;
    if (entry.pagination === 'pages' && entry.children?.name === name)
      return `${entry.children.title} ${id ?? ''}`.trim();
  }
  return resource;
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
  /** Rows per chunk of a big history load (tests make it small). */
  chunkRows?: number;
}): Promise<RebuildSummary> {
  const { store } = options;
  const runs = await readArchive(options.archive);
  if (runs.length === 0) {
    throw new ArchiveError(
      `The archive ${options.archive} holds no runs; there is nothing to rebuild from.`,
      {
        badInput: true,
      },
    );
  }
  const runId = await store.startRun('rebuild', options.now());
  let loads = 0;
  let files = 0;
  let rows = 0;
  const replayed: number[] = [];
  let changes: RunChanges;
  try {
    for (const run of runs) {
      const responses = new Map<string, ResponseEntry>();
      // Rejected items keep the id of the run that fetched them, as the original database has them.
      let archivedRunId: number | undefined;
      for (const entry of run.entries) {
        if (entry.type === 'run') {
          archivedRunId = entry.runId;
          replayed.push(entry.runId);
        }
        if (entry.type === 'response') responses.set(entry.file, entry);
        if (entry.type !== 'commit') continue;
        const replayedLoad = await replayCommit(store, run.dir, entry, responses, runId, {
          chunkRows: options.chunkRows ?? CHUNK_ROWS,
          ...(archivedRunId === undefined ? {} : { archivedRunId }),
        });
        files += replayedLoad.files;
        loads += 1;
        rows += entry.rows;
        const { merge } = replayedLoad;
        options.emit?.({
          type: 'resource-done',
          resource: entry.resource,
          title: `${titleOf(entry.resource)} (run ${archivedRunId ?? '?'})`,
          rows: entry.rows,
          inserted: merge.inserted,
          updated: merge.updated,
          deleted: merge.deleted,
          ...(merge.reranked ? { reranked: merge.reranked } : {}),
          requests: 0,
        });
      }
    }
    await buildModels(store.duck);
    changes = await store.finishRun(runId, {
      status: 'succeeded',
      finishedAt: options.now(),
      requests: 0,
      rateLimited: 0,
      waitedMs: 0,
      replayedRuns: replayed,
    });
  } catch (error) {
    await store.failOfflineRun(runId, options.now(), error);
    throw error;
  }
  return { runId, runs: runs.length, loads, files, rows, replayed, changes };
}
