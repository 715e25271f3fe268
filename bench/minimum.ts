import { partOf } from '../src/extract/planner.ts';
import type { Resource } from '../src/extract/resource.ts';

/** Rows per table, as the simulator's ground truth gives them. */
export type TruthTables = Record<string, readonly Record<string, unknown>[]>;

export interface PagedJob {
  /** Catalog name, `list_items:<id>` for a list's items. */
  key: string;
  items: number;
  /** Not paged (resource.ts `unpaged`): one request, whatever its size. */
  unpaged?: boolean;
}

/** What a complete backup must fetch: every paged job with its item count, and the single calls. */
export interface BackupShape {
  paged: PagedJob[];
  /** /sync/last_activities, /users/settings + /users/me, /users/me/stats. */
  singleCalls: number;
}

/**
 * Derives the backup's jobs from the catalog and the ground truth: each
 * resource's rows are those of its table inside its scope; a resource with
 * children (lists) adds one job per parent row.
 */
export function backupShape(catalog: readonly Resource[], truth: TruthTables): BackupShape {
  const paged: PagedJob[] = [];
  // docs/trakt-api.md §3: a run starts from /sync/last_activities.
  let singleCalls = 1;
  for (const resource of catalog) {
    if (resource.pagination === 'single') {
      singleCalls += 1 + Object.keys(resource.also ?? {}).length;
      continue;
    }
    const rows = (truth[resource.table] ?? []).filter((row) =>
      Object.entries(partOf(resource.write)).every(([column, value]) => row[column] === value),
    );
    paged.push({ key: resource.name, items: rows.length, ...(resource.unpaged ? { unpaged: true } : {}) });
    const child = resource.children;
    if (child === undefined) continue;
    for (const parent of rows) {
      const id = parent[child.parentKey];
      const items = (truth[child.table] ?? []).filter((row) => row[child.scopeColumn] === id).length;
      paged.push({ key: `${child.name}:${String(id)}`, items });
    }
  }
  return { paged, singleCalls };
}

/** Requests to page every job with pages of `pageSize`, knowing the page count from page 1 (an empty job costs 1). */
export function pagedRequests(shape: BackupShape, pageSize: number): number {
  return shape.paged.reduce(
    (n, job) => n + (job.unpaged ? 1 : Math.max(1, Math.ceil(job.items / pageSize))),
    shape.singleCalls,
  );
}

/**
 * Requests of an exporter that pages until an empty page, as traktexport's
 * `_trakt_paginate` does: one more than the pages that hold items.
 */
export function untilEmptyRequests(shape: BackupShape, pageSize: number): number {
  return shape.paged.reduce(
    (n, job) => n + (job.unpaged ? 1 : Math.ceil(job.items / pageSize) + 1),
    shape.singleCalls,
  );
}

export interface BoundInput {
  requests: number;
  /** Requests per window. */
  budget: number;
  /** Window length, wall ms. */
  windowMs: number;
  /** Measured per-request latency, wall ms. */
  latencyMs: number;
  concurrency: number;
}

/**
 * The least wall time `requests` can take under a fixed-window budget
 * starting at a window's start: every full window but the last is waited
 * out, and the last window's requests go `concurrency` at a time at the
 * measured latency.
 */
export function budgetBound(input: BoundInput): number {
  const windows = Math.max(1, Math.ceil(input.requests / input.budget));
  const last = input.requests - (windows - 1) * input.budget;
  return (windows - 1) * input.windowMs + Math.ceil(last / input.concurrency) * input.latencyMs;
}
