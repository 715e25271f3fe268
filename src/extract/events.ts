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
      requests: number;
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
  | { type: 'resource-skipped'; resource: string; title: string; reason: string };

export type ExtractListener = (event: ExtractEvent) => void;
