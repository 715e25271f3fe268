import type {
  CommitRecord,
  CommitSpec,
  CommittedLoad,
  Counts,
  LoadContext,
  LoadTarget,
  MergeResult,
  PartValue,
  Scope,
  Stage,
  StateUpdate,
  SyncState,
} from '../load/contract.ts';

/**
 * What the extractor needs from its neighbours, and the only way it reaches
 * them: the network (a Fetcher, src/http's TraktClient), the raw archive (a
 * ResponseArchive, src/land's RunArchive) and the database (the load
 * contract's LoadTarget and a few questions about the mirror, src/load's
 * Store). Stated here so the runner can be tested with fakes and stays
 * ignorant of HTTP and DuckDB details.
 */
export { LOOKUP_RESOURCE } from '../load/contract.ts';
export type {
  CommitRecord,
  CommitSpec,
  CommittedLoad,
  Counts,
  LoadContext,
  LoadTarget,
  MergeResult,
  PartValue,
  Scope,
  Stage,
  StateUpdate,
  SyncState,
};

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

/** One answer as the archive keeps it. */
export interface ArchivedResponse {
  method: string;
  path: string;
  status: number;
  body: string;
  /** Items in the answer's array; null for an object. */
  items: number | null;
  /** The answer's X-Pagination headers, kept so a resumed run can trust the page (reuse.ts). */
  pagination?: Page['pagination'];
}

export interface ResponseArchive {
  /** Stores a body as received; returns its file name, for the commit record. */
  saveResponse(resource: string, response: ArchivedResponse, at: string): Promise<string>;
  /** One load (or, with `loads`, several committed together), recorded before the database commits it. */
  recordCommit(record: CommitRecord): Promise<void>;
}

/** What the runner asks the mirror besides loading it. */
export interface MirrorQueries {
  syncState(): Promise<Map<string, SyncState>>;
  /** Rows of `table` with `column` in [from, to]; history sync compares these with Trakt's counts. */
  countRange(
    table: string,
    column: string,
    from: string | undefined,
    to: string | undefined,
  ): Promise<number>;
  /** Rows of `table` whose columns equal `equals` (all rows for `{}`). */
  countRows(table: string, equals: Record<string, PartValue>): Promise<number>;
  /** Rows of `table` per distinct value of `columns` (ratings per type and value). */
  countBy(table: string, columns: readonly string[]): Promise<{ values: unknown[]; count: number }[]>;
  /** The largest value of `column` in `table`, as ISO text. */
  newest(table: string, column: string): Promise<string | undefined>;
  median(table: string, column: string, from: string, to: string): Promise<string | undefined>;
  /** Movies and shows whose local play count differs from the watched table's. */
  playCountMismatches(to: string): Promise<{ mediaType: 'movie' | 'show'; traktId: number }[]>;
  /** Movies and shows with at least one play in the mirror (per-title resources fetch these). */
  playedTitles(): Promise<{ mediaType: 'movie' | 'show'; traktId: number }[]>;
}

/** The database as the runner sees it: where loads go, and what it can be asked. */
export type RunStore = LoadTarget & MirrorQueries;
