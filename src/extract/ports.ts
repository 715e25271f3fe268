import type { RejectedItemRow } from '../normalize/rejected.ts';
import type { RowBatch } from '../normalize/rows.ts';

/**
 * What the extractor needs from its neighbours, stated here so the runner can
 * be tested with fakes and stays ignorant of HTTP and DuckDB details. The
 * real TraktClient (src/http) and Store (src/load) satisfy these shapes.
 */
export interface Page {
  status: number;
  method: string;
  /** Path and query without secrets. */
  path: string;
  body: string;
  json: unknown;
  pagination: { page: number; limit: number; pageCount: number; itemCount: number } | undefined;
}

export interface Fetcher {
  get(
    path: string,
    query?: Record<string, string | number | boolean | undefined>,
    options?: { signal?: AbortSignal },
  ): Promise<Page>;
}

export type Scope =
  | { kind: 'all' }
  | { kind: 'where'; equals: Record<string, string | number> }
  | { kind: 'range'; column: string; from?: string; to?: string; equals?: Record<string, string | number> }
  | { kind: 'upsert' }
  | { kind: 'snapshot' }
  | { kind: 'union'; of: Scope[] };

export interface StateUpdate {
  resource: string;
  activities?: unknown;
  cursor?: unknown;
  itemCount?: number;
}

export interface CommitSpec {
  runId: number;
  at: string;
  scope: Scope;
  state?: StateUpdate;
  extraState?: StateUpdate[];
  countBy?: string;
}

export interface MergeResult {
  inserted: number;
  updated: number;
  deleted: number;
  mediaUpserted: number;
  /** With CommitSpec.countBy: the counts per value of that column. */
  by?: Record<string, { inserted: number; updated: number; deleted: number }>;
}

export interface StageArea {
  add(batch: RowBatch): Promise<void>;
  /** Items the normalizers refused: committed to rejected_items with the load. */
  reject(rows: readonly RejectedItemRow[]): Promise<void>;
  commit(spec: CommitSpec): Promise<MergeResult>;
  discard(): Promise<void>;
  /** Nothing more will be added before the commit: what the stage holds in memory goes to disk. */
  rest(): Promise<void>;
}

export interface SavedState {
  resource: string;
  activities: unknown;
  cursor: unknown;
  itemCount: number | null;
  runId: number | null;
}

export interface LoadTarget {
  stage(table: string): Promise<StageArea>;
  /** Several stages of one table as one load, in one transaction; `spec.scope` covers them all. */
  commitTogether(stages: readonly StageArea[], spec: CommitSpec): Promise<MergeResult>;
}

export interface ResponseArchive {
  saveResponse(
    resource: string,
    response: { method: string; path: string; status: number; body: string; items: number | null },
    at: string,
  ): Promise<string>;
  /** One load (or, with `loads`, several committed together) as the manifest records it. */
  recordCommit(
    entry: CommittedLoad & {
      table: string;
      normalizer: string;
      parts?: Record<string, string>;
      loads?: CommittedLoad[];
      at: string;
    },
  ): Promise<void>;
}

/** One of several loads recorded and committed together (see CommitEntry.loads). */
export interface CommittedLoad {
  resource: string;
  context: { listTraktId?: number; section?: string };
  scope: unknown;
  files: string[];
  rows: number;
  state?: unknown;
}
