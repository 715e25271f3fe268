import { catalog } from '../../pipelines/catalog.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { InterruptedError, UsageError } from '../errors.ts';
import type { ExtractListener } from '../extract/events.ts';
import { readLive } from '../extract/read-live.ts';
import type { HttpEvent, TraktClient, TraktClientOptions } from '../http/client.ts';
import { accountRows, changeLogSpan, type MediaLabel, mediaLabels } from '../load/account-state.ts';
import {
  finishWriteRun,
  recordAnswer,
  recordBatch,
  settleBatches,
  startWriteRun,
  unsettledBatches,
} from '../load/journal.ts';
import type { Store } from '../load/store.ts';
import type { TableName } from '../normalize/rows.ts';
import { createClient } from '../runs/client.ts';
import { type NotFoundItem, type RestoreEvent, type RestoreRow, restorePlan } from './apply.ts';
import { type SampleLine, sampleOf } from './describe.ts';
import { type RestoreResource, type Rows, stateFromRows, TABLES_OF } from './model.ts';

/**
 * `traktdb restore`: the wanted state from the mirror (or the mirror as of
 * an instant, from change_log), the live state read fresh from the signed-in
 * account, the other-account guard, then restorePlan() with Trakt, the
 * journal and the clock plugged in.
 */
export interface RestoreJobOptions {
  config: Config;
  store: Store;
  clock: Clock;
  apply: boolean;
  only: readonly RestoreResource[];
  /** ISO 8601, already checked (parseAsOf). */
  asOf?: string | undefined;
  batchSize: number;
  allowOtherAccount: boolean;
  onEvent: (event: RestoreEvent) => void;
  onHttp: (event: HttpEvent) => void;
  onExtract?: ExtractListener;
  signal?: AbortSignal | undefined;
  /** Tests put the simulator's transport here, or a fetch that fails on purpose. */
  fetch?: typeof fetch | undefined;
  http?: Partial<TraktClientOptions> | undefined;
  /** Lines of the dry run's sample per resource (default 5). */
  sampleSize?: number;
}

export interface LabelledNotFound extends NotFoundItem {
  label: MediaLabel | undefined;
}

export interface LabelledSample extends SampleLine {
  label: MediaLabel | undefined;
}

export interface RestoreReport {
  rows: RestoreRow[];
  notFound: LabelledNotFound[];
  /** A dry run's sample of what it would write, per resource. */
  sample: LabelledSample[];
  unaccounted: { resource: RestoreResource; units: number }[];
  /** The account written to (or that would be). */
  accountSlug: string;
  /** Whose backup the database holds (its profile), when it knows. */
  backupSlug: string | null;
  writes: number;
  /** Write requests each resource's plan needed (the fewest its items allow at the batch size). */
  plannedRequests: Partial<Record<RestoreResource, number>>;
  requests: number;
  waitedMs: number;
  seconds: number;
  restoreId: number | undefined;
}

/** Catalog resources whose live rows make each restore resource. */
const LIVE_RESOURCES: Record<RestoreResource, readonly string[]> = {
  history: ['plays'],
  ratings: ['ratings'],
  watchlist: ['watchlist'],
  favorites: ['favorites'],
  collection: ['collection_movies', 'collection_episodes'],
  lists: ['lists'],
};

export async function restore(options: RestoreJobOptions): Promise<RestoreReport> {
  const { store, config, clock } = options;
  const started = clock.now();
  const iso = () => new Date(clock.now()).toISOString();
  const duck = store.duck;

  if (options.asOf !== undefined) {
    const span = await changeLogSpan(duck);
    if (span === undefined || options.asOf < span.first) {
      throw new UsageError(
        span === undefined
          ? `${config.db.value} has no change log to rebuild the account from; run traktdb backup first.`
          : `--as-of ${options.asOf} is before the first backup in ${config.db.value} (${span.first}); nothing was backed up then.`,
      );
    }
  }
  const tables = [...new Set(options.only.flatMap((r) => TABLES_OF[r]))] as TableName[];
  const rows: Rows = {};
  for (const table of tables) rows[table] = await accountRows(duck, table, options.asOf);
  const wanted = stateFromRows(rows);
  const profile = await accountRows(duck, 'profile');
  const backupSlug = profile.length === 1 ? String(profile[0]?.['slug']) : null;

  const client: TraktClient = await createClient(config, {
    clock,
    onEvent: options.onHttp,
    fetch: options.fetch,
    signal: options.signal,
    http: { writeRateLimit: config.writeRate.value, ...options.http },
  });
  const settings = (await client.get('/users/settings')).json as {
    user?: { vip?: unknown; ids?: { slug?: unknown } };
  };
  const accountSlug = String(settings?.user?.ids?.slug ?? '');
  if (backupSlug !== accountSlug && !options.allowOtherAccount) {
    throw new UsageError(
      backupSlug === null
        ? `${config.db.value} does not say whose backup it is (no profile), so it is not restored into ${accountSlug}; pass --allow-other-account to restore it there anyway.`
        : `${config.db.value} is a backup of ${backupSlug}, but the signed-in account is ${accountSlug}; nothing was written. Pass --allow-other-account to restore it into ${accountSlug} (a migration).`,
    );
  }

  const restoreId = options.apply
    ? await startWriteRun(duck, { command: 'restore', startedAt: iso(), accountSlug, asOf: options.asOf })
    : undefined;
  const earlier = options.apply ? await unsettledBatches(duck) : [];
  let batchNo = 0;
  let settledEarlier = false;
  const emitExtract: ExtractListener = options.onExtract ?? (() => {});
  try {
    const outcome = await restorePlan(
      wanted,
      {
        resources: options.only,
        apply: options.apply,
        batchSize: options.batchSize,
        vipNotes: settings?.user?.vip === true,
        spacingMs: config.writeRate.value.windowMs / config.writeRate.value.limit,
      },
      {
        post: async (path, body) => {
          const response = await client.post(path, body);
          return { status: response.status, json: response.json };
        },
        readLive: async (resources) => {
          const names = new Set(resources.flatMap((r) => LIVE_RESOURCES[r]));
          const live = await readLive({
            fetcher: client,
            resources: catalog.filter((resource) => names.has(resource.name)),
            concurrency: config.concurrency.value,
            emit: emitExtract,
            now: iso,
            signal: options.signal,
            // Restore compares ids, times and ratings: minimal items carry them all.
            minimal: true,
          });
          // The first fresh read settles what killed runs left unanswered: whatever they did is in it.
          if (!settledEarlier && earlier.length > 0) {
            settledEarlier = true;
            for (const id of new Set(earlier.map((b) => b.restoreId))) {
              await settleBatches(
                duck,
                earlier.filter((b) => b.restoreId === id),
                iso(),
              );
            }
          }
          return stateFromRows(live as Rows);
        },
        journal: {
          record: async (batch) => {
            batchNo += 1;
            await recordBatch(duck, {
              restoreId: restoreId as number,
              batch: batchNo,
              resource: batch.resource,
              method: 'POST',
              path: batch.path,
              items: batch.items,
              body: batch.body,
              sentAt: iso(),
            });
            return batchNo;
          },
          answer: (batch, answer) =>
            recordAnswer(duck, { restoreId: restoreId as number, batch, ...answer, at: iso() }),
          settle: (batches) =>
            settleBatches(
              duck,
              batches.map((batch) => ({ restoreId: restoreId as number, batch })),
              iso(),
            ),
        },
        emit: options.onEvent,
      },
    );
    const sample = options.apply
      ? []
      : outcome.plans.flatMap((plan) => sampleOf(plan, options.sampleSize ?? 5));
    const labels = await mediaLabels(duck, [
      ...outcome.notFound,
      ...sample.flatMap((line) => (line.item === undefined ? [] : [line.item])),
    ]);
    const labelOf = (item: { mediaType: string; traktId: number } | undefined) =>
      item === undefined ? undefined : labels.get(`${item.mediaType}:${item.traktId}`);
    const report: RestoreReport = {
      rows: outcome.rows,
      notFound: outcome.notFound.map((item) => ({ ...item, label: labelOf(item) })),
      sample: sample.map((line) => ({ ...line, label: labelOf(line.item) })),
      unaccounted: outcome.unaccounted,
      accountSlug,
      backupSlug,
      writes: outcome.requests,
      plannedRequests: outcome.plannedRequests,
      requests: client.stats.requests,
      waitedMs: client.stats.waitedMs,
      seconds: (clock.now() - started) / 1000,
      restoreId,
    };
    if (restoreId !== undefined) {
      const incomplete =
        report.rows.some((r) => r.not_found + r.refused > 0) || report.unaccounted.length > 0;
      await finishWriteRun(duck, restoreId, {
        status: incomplete ? 'incomplete' : 'succeeded',
        finishedAt: iso(),
        results: report.rows,
      });
    }
    return report;
  } catch (error) {
    if (restoreId !== undefined) {
      await finishWriteRun(duck, restoreId, {
        status: error instanceof InterruptedError || options.signal?.aborted ? 'interrupted' : 'failed',
        finishedAt: iso(),
        error: error instanceof Error ? error.message : String(error),
      }).catch(() => undefined);
    }
    throw error;
  }
}
