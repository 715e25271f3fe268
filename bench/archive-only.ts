import { catalog } from '../pipelines/catalog.ts';
import type { Clock } from '../src/clock.ts';
import type { CommitSpec, MergeResult, Stage, SyncState } from '../src/extract/ports.ts';
import { extract } from '../src/extract/runner.ts';
import { createTraktClient } from '../src/http/create-client.ts';
import { RunArchive } from '../src/land/archive.ts';

/**
 * Writes exactly the raw archive a `backup` writes (same requests, same
 * response files, same manifest and commit lines: it is the backup's own
 * extractor), but with a store that keeps no rows. It makes a large archive
 * (the 1,000,000-play `stress` account) for the load benchmark in a
 * fraction of a full backup's time; `rebuild` then loads it.
 */
export async function writeArchiveOnly(options: {
  apiUrl: string;
  clientId: string;
  accessToken: string;
  archive: string;
  clock: Clock;
  concurrency: number;
}): Promise<{ requests: number; resources: number }> {
  const states = new Map<string, SyncState>();
  const zero: MergeResult = {
    inserted: 0,
    updated: 0,
    deleted: 0,
    mediaUpserted: 0,
    byTable: {},
    rejected: 0,
  };
  // Remembered so the extractor's closing round sees every resource as already fetched.
  const commit = async (spec: CommitSpec): Promise<MergeResult> => {
    for (const state of [...(spec.state === undefined ? [] : [spec.state]), ...(spec.extraState ?? [])]) {
      states.set(state.resource, {
        resource: state.resource,
        activities: state.activities ?? null,
        cursor: null,
        itemCount: null,
        runId: spec.runId,
        updatedAt: null,
      });
    }
    return zero;
  };
  const store = {
    stage: async (): Promise<Stage> => ({
      rowCount: 0,
      add: async () => {},
      reject: async () => {},
      discard: async () => {},
      rest: async () => {},
      commit,
    }),
    commitTogether: async (_stages: readonly Stage[], spec: CommitSpec) => commit(spec),
    syncState: async () => new Map(states),
    countRange: async () => 0,
    countRows: async () => 0,
    countBy: async () => [],
    newest: async () => undefined,
    median: async () => undefined,
    playCountMismatches: async () => [],
    playedTitles: async () => [],
  };
  const { client } = createTraktClient({
    apiUrl: options.apiUrl,
    authUrl: options.apiUrl,
    clientId: options.clientId,
    staticToken: options.accessToken,
    rateLimit: { limit: 1_000_000, windowMs: 1000 },
    rateLimitMarginMs: 0,
    clock: options.clock,
  });
  const runStart = new Date(options.clock.now()).toISOString();
  const archive = await RunArchive.open(options.archive, 1, 'backup', runStart);
  const summary = await extract({
    catalog,
    mode: 'backup',
    user: 'me',
    fetcher: client,
    store,
    archive,
    runId: 1,
    runStart,
    now: () => new Date(options.clock.now()).toISOString(),
    concurrency: options.concurrency,
    emit: () => {},
  });
  if (summary.incomplete.length > 0) throw new Error(`archive incomplete: ${summary.incomplete.join(', ')}`);
  return { requests: client.stats.requests, resources: summary.outcomes.length };
}
