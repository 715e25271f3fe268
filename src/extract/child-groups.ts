import { commitPagedTogether, type JobOutcome, type Paged } from './fetch-paged.ts';
import type { RunContext } from './job.ts';

/**
 * A list's items commit with other lists' items: one transaction costs a few
 * DuckDB statements whatever its size, and a heavy account's 100 lists
 * committed one by one spent about half of a backup's database time. Lists
 * join the open group as they finish paging; at about this many rows the
 * group commits while the other lists are still being fetched, so the
 * database works during the fetch and no transaction grows without bound.
 */
const GROUP_ROWS = 50_000;

interface Waiting {
  paged: Paged;
  resolve: (outcome: JobOutcome) => void;
  reject: (error: unknown) => void;
}

/** Collects paged child loads into groups and commits each group once, one group at a time, in order. */
export class ChildGroups {
  private open: Waiting[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: RunContext,
    /** The key column that tells the loads apart (list_trakt_id). */
    private readonly countBy: string,
  ) {}

  /** Resolves with the load's outcome once its group has committed. */
  add(paged: Paged): Promise<JobOutcome> {
    const outcome = new Promise<JobOutcome>((resolve, reject) => this.open.push({ paged, resolve, reject }));
    if (this.open.reduce((rows, w) => rows + w.paged.rows, 0) >= GROUP_ROWS) this.close();
    return outcome;
  }

  /** Commits what is open; resolves when every group so far has committed (or failed). */
  async flush(): Promise<void> {
    this.close();
    await this.tail;
  }

  /** Drops the stages of loads that never reached a commit (the run failed). */
  async discard(): Promise<void> {
    const waiting = this.open;
    this.open = [];
    await this.tail;
    for (const { paged, reject } of waiting) {
      await paged.stage?.discard();
      reject(new Error('not committed: the run failed'));
    }
  }

  private close(): void {
    const group = this.open;
    this.open = [];
    if (group.length === 0) return;
    this.tail = this.tail.then(async () => {
      try {
        const outcomes = await commitPagedTogether(
          this.run,
          group.map((w) => w.paged),
          this.countBy,
        );
        for (const [i, waiting] of group.entries()) waiting.resolve(outcomes[i] as JobOutcome);
      } catch (error) {
        for (const waiting of group) {
          await waiting.paged.stage?.discard().catch(() => undefined);
          waiting.reject(error);
        }
      }
    });
  }
}
