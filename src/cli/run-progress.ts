import type { ExtractEvent } from '../extract/events.ts';
import type { HttpEvent } from '../http/client.ts';
import { duration } from './write-progress.ts';

/**
 * What a backup or sync has done and has left, from the extractor's and the
 * client's events: the state behind the terminal's progress (progress.ts),
 * kept apart from drawing so it can be tested with an injected clock.
 *
 * Requests left are an estimate: a resource being paged needs the pages its
 * first page announced; one not started yet, at least one request.
 * The ETA is what those requests take at the rate budget (whatever is left
 * of the current window goes at the pace measured so far, the rest at the
 * budget's pace), or the wait the client announced, if longer.
 */
export interface Budget {
  limit: number;
  windowMs: number;
}

export type ResourceState =
  | { kind: 'queued'; title: string }
  | { kind: 'paging'; title: string; page: number; pageCount: number; rows: number; lastPageAt: number }
  | { kind: 'done'; title: string };

/** A resource with pages left and no page for this long is waiting its turn in the queue, not fetching. */
export const IDLE_MS = 3000;

export class RunProgress {
  readonly resources = new Map<string, ResourceState>();
  requests = 0;
  /** Requests within the current budget window (since `windowStart`). */
  private windowRequests = 0;
  private windowStart: number;
  private readonly started: number;
  private waitUntil = 0;
  reusedPages = 0;

  constructor(
    private readonly budget: Budget | undefined,
    private readonly now: () => number,
  ) {
    this.started = now();
    this.windowStart = this.started;
  }

  onExtract(event: ExtractEvent): void {
    switch (event.type) {
      case 'plan':
        for (const { resource, title } of event.resources) {
          if (!this.resources.has(resource)) this.resources.set(resource, { kind: 'queued', title });
        }
        return;
      case 'resource-start':
        if (!this.resources.has(event.resource) || this.resources.get(event.resource)?.kind === 'done')
          this.resources.set(event.resource, { kind: 'queued', title: event.title });
        return;
      case 'page': {
        const known = this.resources.get(event.resource);
        const title = known?.title ?? event.resource;
        const page = known?.kind === 'paging' ? known.page + 1 : 1;
        if (event.reused === true) this.reusedPages += 1;
        this.resources.set(event.resource, {
          kind: 'paging',
          title,
          page: Math.min(page, Math.max(event.pageCount, 1)),
          pageCount: Math.max(event.pageCount, 1),
          rows: event.received,
          lastPageAt: this.now(),
        });
        return;
      }
      case 'resource-retry': {
        const known = this.resources.get(event.resource);
        if (known?.kind === 'paging') this.resources.set(event.resource, { ...known, page: 0 });
        return;
      }
      case 'resource-done':
      case 'resource-incomplete':
        this.resources.set(event.resource, { kind: 'done', title: event.title });
        return;
      case 'resource-skipped':
        // Only a resource the plan meant to fetch is counted; a skipped one simply leaves the total.
        this.resources.delete(event.resource);
        return;
    }
  }

  onHttp(event: HttpEvent): void {
    if (event.type === 'response') {
      this.requests += 1;
      const now = this.now();
      if (this.budget !== undefined && now - this.windowStart >= this.budget.windowMs) {
        this.windowStart = now;
        this.windowRequests = 0;
      }
      this.windowRequests += 1;
    } else if (event.type === 'rate-limit-wait') {
      this.waitUntil = Math.max(this.waitUntil, event.until);
    }
  }

  /** Requests still to make, at least. */
  requestsLeft(): number {
    let left = 0;
    for (const state of this.resources.values()) {
      if (state.kind === 'queued') left += 1;
      else if (state.kind === 'paging') left += Math.max(0, state.pageCount - state.page);
    }
    return left;
  }

  waitingMs(): number {
    return Math.max(0, this.waitUntil - this.now());
  }

  /** Milliseconds the requests left take at the budget; undefined before anything is measured. */
  etaMs(): number | undefined {
    const left = this.requestsLeft();
    if (left === 0) return 0;
    const elapsed = this.now() - this.started;
    if (this.requests === 0 || elapsed <= 0) return undefined;
    const pace = elapsed / this.requests;
    let ms: number;
    if (this.budget === undefined) {
      ms = left * pace;
    } else {
      const inWindow = Math.max(0, this.budget.limit - this.windowRequests);
      const now = Math.min(left, inWindow);
      const later = left - now;
      const perRequest = this.budget.windowMs / this.budget.limit;
      ms = now * pace + later * Math.max(pace, perRequest);
      if (later > 0) ms = Math.max(ms, this.windowStart + this.budget.windowMs - this.now());
    }
    return Math.max(ms, this.waitingMs());
  }

  /** Resources being paged now, and those waiting their turn (not started, or idle with pages left). */
  split(): { paging: [string, Extract<ResourceState, { kind: 'paging' }>][]; queued: string[] } {
    const paging: [string, Extract<ResourceState, { kind: 'paging' }>][] = [];
    const queued: string[] = [];
    const now = this.now();
    for (const [name, state] of this.resources) {
      if (state.kind === 'queued') queued.push(state.title);
      else if (state.kind === 'paging') {
        if (state.page < state.pageCount && now - state.lastPageAt > IDLE_MS) queued.push(state.title);
        else paging.push([name, state]);
      }
    }
    return { paging, queued };
  }

  /** `overall: 3/17 resources, 45/~420 requests, waiting 12 s for rate budget, about 4 minutes left` */
  overallLine(): string {
    const states = [...this.resources.values()];
    const done = states.filter((s) => s.kind === 'done').length;
    const estimated = this.requests + this.requestsLeft();
    const parts = [
      `${done}/${states.length} resources`,
      `${count(this.requests)}/~${count(estimated)} requests`,
    ];
    if (this.reusedPages > 0) parts.push(`${count(this.reusedPages)} pages reused`);
    const waiting = this.waitingMs();
    if (waiting > 0) parts.push(`waiting ${Math.ceil(waiting / 1000)} s for rate budget`);
    const eta = this.etaMs();
    parts.push(
      eta === undefined ? 'time left: measuring' : `${eta === 0 ? 'finishing' : `${duration(eta)} left`}`,
    );
    return `overall: ${parts.join(', ')}`;
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
