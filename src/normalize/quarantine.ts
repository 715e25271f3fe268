import type { RejectedItem } from './normalize-items.ts';
import type { RejectedItemRow } from './rejected.ts';

/**
 * The rejected items of one load, each kept once: Trakt repeats items at
 * page boundaries (docs/trakt-api.md §2, #451) and a resource paged again fetches every
 * page again, so the same item can be refused several times. An item is
 * the same when its JSON is. Live runs and rebuild count alike.
 */
export class Quarantine {
  private readonly seen = new Set<string>();

  constructor(
    private readonly resource: string,
    private readonly runId: number,
  ) {}

  /** Distinct items rejected so far. */
  get size(): number {
    return this.seen.size;
  }

  /** The rows of the items not rejected before, from the response `request`. */
  admit(request: string, rejected: readonly RejectedItem[]): RejectedItemRow[] {
    const rows: RejectedItemRow[] = [];
    for (const { position, reason, field, item } of rejected) {
      const identity = JSON.stringify(item) ?? String(item);
      if (this.seen.has(identity)) continue;
      this.seen.add(identity);
      rows.push({ run_id: this.runId, resource: this.resource, request, position, reason, item, field });
    }
    return rows;
  }
}
