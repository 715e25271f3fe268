import { catalog, perTitleCatalog } from '../../pipelines/catalog.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { TraktdbError } from '../errors.ts';
import type { ExtractListener } from '../extract/events.ts';
import { type ExtractMode, type ExtractSummary, extract } from '../extract/runner.ts';
import type { HttpEvent, TraktClient, TraktClientOptions } from '../http/client.ts';
import { RunArchive } from '../land/archive.ts';
import type { RunChanges, Store, SyncRunRow } from '../load/store.ts';
import { buildModels } from '../models/build.ts';
import { createClient } from './client.ts';
import { recoverRun } from './recover.ts';
import { resumeSource } from './resume.ts';

export interface PullOptions {
  mode: ExtractMode;
  config: Config;
  store: Store;
  clock: Clock;
  onExtract: ExtractListener;
  onHttp: (event: HttpEvent) => void;
  signal?: AbortSignal;
  /** Tests inject the simulator's transport; otherwise the global fetch. */
  fetch?: typeof fetch;
  /** Client overrides (tests shorten retries and timeouts). */
  http?: Partial<TraktClientOptions>;
  /** Items asked per page (tests make pages small to have many; default 250). */
  pageSize?: number;
}

export interface PullSummary {
  runId: number;
  status: 'succeeded' | 'incomplete';
  extract: ExtractSummary;
  requests: number;
  rateLimited: number;
  waitedMs: number;
  retries: number;
  seconds: number;
  tableCounts: Record<string, number>;
  /** What the run changed, as sync_runs records it (RunChanges). */
  changes: RunChanges;
}

/** How many unfinished runs in a row a run resumes from (each is a manifest to read). */
const MAX_RESUMED_RUNS = 10;

/**
 * The runs since the last one that finished (newest first) that stopped
 * early: killed, interrupted or failed. Their committed resources need not be
 * fetched again, whichever of them committed them.
 */
function unfinishedRuns(recent: SyncRunRow[]): SyncRunRow[] {
  const runs: SyncRunRow[] = [];
  for (const run of recent) {
    if (!['running', 'interrupted', 'failed'].includes(run.status)) break;
    runs.push(run);
  }
  return runs;
}

/**
 * One backup or sync: a run in the ledger, an archive directory, the
 * extraction, then the models. The ledger always ends in a final status,
 * whatever happens in between.
 */
export async function pull(options: PullOptions): Promise<PullSummary> {
  const { store, config, clock } = options;
  const started = clock.now();
  const runStart = new Date(started).toISOString();
  const unfinished = unfinishedRuns(await store.lastRuns(MAX_RESUMED_RUNS));
  const runId = await store.startRun(options.mode, runStart);
  // Inside the try from here on: a run that cannot even start (no token) is recorded failed, not left running.
  let client: TraktClient | undefined;
  try {
    client = await createClient(config, {
      clock,
      onEvent: options.onHttp,
      fetch: options.fetch,
      signal: options.signal,
      http: options.http,
    });
    const archive = await RunArchive.open(config.archive.value, runId, options.mode, runStart);
    // Oldest first, so a later run's loads land over an earlier one's, as they did live.
    for (const previous of [...unfinished].reverse()) {
      const { runId: previousId, startedAt } = previous;
      if (startedAt !== null) await recoverRun(store, config.archive.value, { runId: previousId, startedAt });
    }
    // Pages the interrupted runs fetched for resources they never committed: read back, not fetched.
    const resume =
      unfinished.length > 0 ? await resumeSource(config.archive.value, unfinished, catalog) : undefined;
    const summary = await extract({
      catalog,
      perTitle: perTitleCatalog.filter((resource) => config.with.value.includes(resource.optIn)),
      mode: options.mode,
      user: config.user.value,
      fetcher: client,
      store,
      archive,
      runId,
      runStart,
      now: () => new Date(clock.now()).toISOString(),
      concurrency: config.concurrency.value,
      emit: options.onExtract,
      // The rolling verification (docs/sync.md): a share of the GET budget per sync at most.
      scrub: {
        periodMs: config.scrubPeriod.value,
        cap: Math.max(1, Math.floor(config.rateLimit.value.limit * config.scrubShare.value)),
        nthAfter: (table, column, from, n) => store.nthAfter(table, column, from, n),
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(unfinished.length > 0 ? { resumeRunIds: unfinished.map((run) => run.runId) } : {}),
      ...(resume === undefined ? {} : { resume }),
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    });
    // A stop asked for after the last request still stops the run: it is recorded interrupted, not
    // succeeded, whatever finished meanwhile (the model build is one transaction either way).
    options.signal?.throwIfAborted();
    await buildModels(store.duck);
    options.signal?.throwIfAborted();
    const status = summary.incomplete.length > 0 ? 'incomplete' : 'succeeded';
    const changes = await store.finishRun(runId, {
      status,
      finishedAt: new Date(clock.now()).toISOString(),
      requests: client.stats.requests,
      rateLimited: client.stats.rateLimited,
      waitedMs: client.stats.waitedMs,
      incompleteResources: summary.incomplete,
      unavailableResources: summary.problems
        .filter((p) => p.problem === 'unavailable')
        .map((p) => `${p.key} (${p.reason})`),
    });
    return {
      runId,
      status,
      extract: summary,
      requests: client.stats.requests,
      rateLimited: client.stats.rateLimited,
      waitedMs: client.stats.waitedMs,
      retries: client.stats.retries,
      seconds: (clock.now() - started) / 1000,
      tableCounts: await store.tableCounts(),
      changes,
    };
  } catch (error) {
    const interrupted = options.signal?.aborted === true;
    await store
      .finishRun(runId, {
        status: interrupted ? 'interrupted' : 'failed',
        finishedAt: new Date(clock.now()).toISOString(),
        requests: client?.stats.requests ?? 0,
        rateLimited: client?.stats.rateLimited ?? 0,
        waitedMs: client?.stats.waitedMs ?? 0,
        error: error instanceof TraktdbError ? error.message : String((error as Error)?.message ?? error),
      })
      .catch(() => undefined);
    throw error;
  }
}
