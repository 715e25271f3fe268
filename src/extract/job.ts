import type PQueue from 'p-queue';
import type { ItemNormalizer, SingleNormalizer } from '../normalize/registry.ts';
import type { MirrorTable, RowBatch } from '../normalize/rows.ts';
import type { ExtractListener } from './events.ts';
import type { RunLookups } from './id-lookups.ts';
import type { Fetcher, LoadContext, LoadTarget, ResponseArchive, Scope, StateUpdate } from './ports.ts';
import type { ArchivedPages, ResumeTally } from './reuse.ts';

/** What every load of a resource states: where it comes from, where it goes, and what it replaces. */
interface Load {
  /** `sync_state.resource` key, e.g. `plays` or `list_items:42`. */
  key: string;
  title: string;
  table: MirrorTable;
  /** The table's primary key: rows are told apart, and items counted, by it. */
  primaryKey: readonly string[];
  context: LoadContext;
  path: string;
  query: Record<string, string | number>;
  /** Part of the table this load replaces when complete. */
  scope: Scope;
  /** Saved with the commit, so the next sync knows what it has seen. */
  state?: StateUpdate;
}

/** One paged resource load, resolved from the catalog: a path to page through and a scope it replaces. */
export interface Job extends Load {
  normalizer: ItemNormalizer;
  /** Receives each normalized page (the runner uses it to find a parent's rows). */
  collect?: (batch: RowBatch) => void;
  /**
   * Another count of the resource's items, for an answer that comes without
   * X-Pagination headers (a list's item_count, a number of /users/{id}/stats),
   * with a few words saying where it comes from; undefined when there is none.
   */
  expectedCount?: () => Promise<ExpectedCount | undefined>;
  /** One request without page or limit brings everything (resource.ts `unpaged`). */
  unpaged?: boolean;
  /** Statuses that mean the resource is empty here (resource.ts `emptyWhen`). */
  emptyWhen?: readonly number[];
  /** Pages an interrupted run archived that still hold (reuse.ts): read back instead of fetched. */
  reuse?: ArchivedPages;
}

/** One single-object resource load: its parts' paths (`main` is its own), read together. */
export interface SingleJob extends Load {
  normalizer: SingleNormalizer;
  parts: Record<string, string>;
}

export interface ExpectedCount {
  count: number;
  /** e.g. `the list's item_count`. */
  source: string;
}

/** Everything a job needs from the run around it. */
export interface RunContext {
  fetcher: Fetcher;
  store: LoadTarget;
  archive: ResponseArchive;
  /** Bounds the requests in flight across all resources (--concurrency). */
  queue: PQueue;
  runId: number;
  /** ISO time the run started: history's `end_at` and change_log's time. */
  runStart: string;
  now: () => string;
  emit: ExtractListener;
  signal?: AbortSignal;
  /** How many times a resource is paged before it is declared incomplete. */
  maxPasses: number;
  /** Page size asked for: Trakt clamps larger values to 250 (docs/trakt-api.md §2, #925). */
  pageSize: number;
  /** Ids items leave out, learned once per run (see id-lookups.ts). */
  lookups: RunLookups;
  /** Counts the pages read back from an interrupted run's archive. */
  resumed?: ResumeTally;
}
