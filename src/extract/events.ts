/**
 * What the extractor reports while it works. The CLI renders these as
 * progress bars on a terminal, plain lines, or JSON lines; the runner never
 * prints.
 */
export type ExtractEvent =
  | { type: 'resource-start'; resource: string; title: string }
  | {
      type: 'page';
      resource: string;
      page: number;
      pageCount: number;
      items: number;
      itemCount: number;
      received: number;
      /** Read back from an interrupted run's archive instead of fetched (docs/sync.md "Resuming"). */
      reused?: boolean;
    }
  | { type: 'resource-retry'; resource: string; pass: number; reason: string }
  | {
      type: 'resource-done';
      resource: string;
      title: string;
      rows: number;
      inserted: number;
      updated: number;
      deleted: number;
      /** Rows whose rank alone was renumbered: not changes (docs/sync.md). */
      reranked?: number;
      requests: number;
      /** Rows the resource's part of its table holds after the load; `rows` is what was fetched. */
      tableRows?: number;
    }
  | {
      type: 'resource-incomplete';
      resource: string;
      title: string;
      /** What went wrong, in one word: `rejected`, `unavailable` or `incomplete`. */
      problem: 'rejected' | 'unavailable' | 'incomplete';
      /** Items Trakt counts for the resource (0 when it answered 404 or 405). */
      expected: number;
      /** Items that arrived, rejected ones included. */
      received: number;
      /** Items kept in rejected_items instead of the table. */
      rejected: number;
      reason: string;
    }
  | { type: 'resource-skipped'; resource: string; title: string; reason: string }
  /**
   * Once, after the first round is planned: what the run will do (for an
   * overall progress line) and what it resumes from an interrupted run.
   */
  | {
      type: 'plan';
      /** Resources to fetch, by name and title. */
      resources: readonly { resource: string; title: string }[];
      /** Resources an interrupted run already committed (not fetched again). */
      committed: number;
      /** Archived pages of interrupted runs this run may read back instead of fetching, and of how many resources. */
      reusablePages: number;
      reusableResources: number;
    };

export type ExtractListener = (event: ExtractEvent) => void;
