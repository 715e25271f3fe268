import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { InterruptedError } from '../errors.ts';
import type { ExtractListener } from '../extract/events.ts';
import type { HttpEvent, TraktClientOptions } from '../http/client.ts';
import { AccountLimitError, HttpError, WriteOutcomeUnknownError } from '../http/errors.ts';
import { playsPresent } from '../load/account-state.ts';
import { finishWriteRun, recordAnswer, recordBatch, startWriteRun } from '../load/journal.ts';
import type { Store } from '../load/store.ts';
import { buildModels } from '../models/build.ts';
import { modelState } from '../models/freshness.ts';
import { runReport } from '../reports/run-report.ts';
import { createClient } from '../runs/client.ts';
import { pull } from '../runs/pull.ts';
import type { RestoreEvent } from './apply.ts';

/**
 * `traktdb dedupe`: the `duplicates` report turned into an action. A dry run
 * counts the plays the report flags (the later play of each pair within
 * `--window-minutes`) and writes nothing. `--apply` first syncs, so the pairs
 * are judged on the account as it is now (a play whose earlier twin is gone
 * is not a duplicate any more), then removes the flagged plays by history id
 * through POST /sync/history/remove in journaled batches, then syncs again so
 * `plays` matches Trakt. `removed` counts the flagged plays that are gone
 * after that sync: a batch whose answer was lost is settled by it, never
 * sent again.
 */
export interface DedupeOptions {
  config: Config;
  store: Store;
  clock: Clock;
  apply: boolean;
  windowMinutes: number;
  batchSize: number;
  onEvent: (event: RestoreEvent) => void;
  onHttp: (event: HttpEvent) => void;
  onExtract: ExtractListener;
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch | undefined;
  http?: Partial<TraktClientOptions> | undefined;
}

export interface DedupeResult {
  flagged: number;
  removed: number;
  /** The flagged plays' history ids. */
  historyIds: number[];
  /** Write requests sent. */
  writes: number;
}

export const DEDUPE_COLUMNS = ['flagged', 'removed'] as const;

export async function dedupe(options: DedupeOptions): Promise<DedupeResult> {
  const { store, config, clock } = options;
  const iso = () => new Date(clock.now()).toISOString();
  const sync = () =>
    pull({
      mode: 'sync',
      config,
      store,
      clock,
      onExtract: options.onExtract,
      onHttp: options.onHttp,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.http === undefined ? {} : { http: options.http }),
    });
  if (options.apply) await sync();
  else if ((await modelState(store.duck)) !== 'current') await buildModels(store.duck);
  const report = await runReport(store.duck, 'duplicates', {
    'window-minutes': String(options.windowMinutes),
  });
  const historyIds = report.rows.map((row) => Number(row['history_id']));
  if (!options.apply || historyIds.length === 0) {
    options.onEvent({
      type: 'plan',
      apply: options.apply,
      rows: [],
      batches: Math.ceil(historyIds.length / options.batchSize),
      items: historyIds.length,
      estimatedMs:
        Math.max(0, Math.ceil(historyIds.length / options.batchSize) - 1) *
        (config.writeRate.value.windowMs / config.writeRate.value.limit),
    });
    return { flagged: historyIds.length, removed: 0, historyIds, writes: 0 };
  }

  const client = await createClient(config, {
    clock,
    onEvent: options.onHttp,
    fetch: options.fetch,
    signal: options.signal,
    http: { writeRateLimit: config.writeRate.value, ...options.http },
  });
  const spacingMs = config.writeRate.value.windowMs / config.writeRate.value.limit;
  const batches: number[][] = [];
  for (let i = 0; i < historyIds.length; i += options.batchSize) {
    batches.push(historyIds.slice(i, i + options.batchSize));
  }
  options.onEvent({
    type: 'plan',
    apply: true,
    rows: [],
    batches: batches.length,
    items: historyIds.length,
    estimatedMs: Math.max(0, batches.length - 1) * spacingMs,
  });
  const restoreId = await startWriteRun(store.duck, {
    command: 'dedupe',
    startedAt: iso(),
    accountSlug: null,
  });
  let writes = 0;
  try {
    for (const [index, ids] of batches.entries()) {
      const batch = index + 1;
      const body = { ids };
      await recordBatch(store.duck, {
        restoreId,
        batch,
        resource: 'history',
        method: 'POST',
        path: '/sync/history/remove',
        items: ids.length,
        body,
        sentAt: iso(),
      });
      writes += 1;
      options.onEvent({
        type: 'batch',
        resource: 'history',
        batch,
        batches: batches.length,
        items: ids.length,
        leftMs: (batches.length - batch) * spacingMs,
      });
      const answer = (state: 'answered' | 'unknown' | 'failed', status: number | null, json: unknown) =>
        recordAnswer(store.duck, { restoreId, batch, state, status, answer: json, at: iso() });
      try {
        const response = await client.post('/sync/history/remove', body);
        await answer('answered', response.status, response.json);
      } catch (error) {
        if (error instanceof WriteOutcomeUnknownError) {
          // The sync below reads what it did; a removal is never sent twice either.
          await answer('unknown', error.status ?? null, null);
          options.onEvent({ type: 'unknown', resource: 'history', message: error.message });
          continue;
        }
        const status =
          error instanceof HttpError && !(error instanceof AccountLimitError) ? (error.status ?? null) : null;
        await answer(error instanceof InterruptedError ? 'unknown' : 'failed', status, null).catch(
          () => undefined,
        );
        throw error;
      }
    }
    await sync();
    const removed = historyIds.length - (await playsPresent(store.duck, historyIds));
    const result = { flagged: historyIds.length, removed, historyIds, writes };
    await finishWriteRun(store.duck, restoreId, {
      status: removed === historyIds.length ? 'succeeded' : 'incomplete',
      finishedAt: iso(),
      results: [{ flagged: result.flagged, removed }],
    });
    return result;
  } catch (error) {
    await finishWriteRun(store.duck, restoreId, {
      status: options.signal?.aborted ? 'interrupted' : 'failed',
      finishedAt: iso(),
      error: error instanceof Error ? error.message : String(error),
    }).catch(() => undefined);
    throw error;
  }
}
