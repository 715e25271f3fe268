import type PQueue from 'p-queue';
import type { RowBatch, TableName } from '../normalize/rows.ts';
import type { ExtractListener } from './events.ts';
import type { Fetcher, LoadTarget, ResponseArchive, Scope, StateUpdate } from './ports.ts';

/** One resource load, resolved from the catalog: a path to page through and a scope it replaces. */
export interface Job {
  /** `sync_state.resource` key, e.g. `plays` or `list_items:42`. */
  key: string;
  title: string;
  table: TableName;
  normalizer: string;
  context: { listTraktId?: number; section?: string };
  path: string;
  query: Record<string, string | number>;
  /** Part of the table this load replaces when complete. */
  scope: Scope;
  /** Saved with the commit, so the next sync knows what it has seen. */
  state?: StateUpdate;
  /** Receives each normalized page (the runner uses it to find list ids). */
  collect?: (batch: RowBatch) => void;
}

export type Normalize = (
  normalizer: string,
  item: unknown,
  context: { source: string; index: number; listTraktId?: number; section?: string },
) => RowBatch;

/** Everything a job needs from the run around it. */
export interface RunContext {
  fetcher: Fetcher;
  store: LoadTarget;
  archive: ResponseArchive;
  /** Bounds the requests in flight across all resources (--concurrency). */
  queue: PQueue;
  normalize: Normalize;
  runId: number;
  /** ISO time the run started: history's `end_at` and change_log's time. */
  runStart: string;
  now: () => string;
  emit: ExtractListener;
  signal?: AbortSignal;
  /** How many times a resource is paged before it is declared incomplete. */
  maxPasses: number;
  /** Page size asked for: Trakt clamps larger values to 250 (FACTS §2, #925). */
  pageSize: number;
}
