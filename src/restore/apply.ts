/**
 * Restore's run, between its ports: the live state read, the plan, the
 * writes in batches (each journaled before it leaves and answered after),
 * and the live state read again to say what is now there. No I/O of its
 * own: Trakt, the database and the clock come in through `RestorePorts`.
 *
 * The rules that keep a play from being added twice:
 * - every run plans against a fresh read of the account, so whatever an
 *   earlier, killed run wrote is already "there";
 * - a batch whose outcome is unknown (WriteOutcomeUnknownError) is never
 *   sent again: the resource is read again and planned again, and only what
 *   is still missing is sent;
 * - a 420 (AccountLimitError) ends that resource: its batch and everything
 *   after it are `refused`.
 */
import { InterruptedError, TraktdbError } from '../errors.ts';
import { AccountLimitError, HttpError, WriteOutcomeUnknownError } from '../http/errors.ts';
import { type AccountState, itemKey, type Listed, type RestoreResource } from './model.ts';
import {
  type ListWork,
  listUnits,
  plannedCount,
  planResource,
  type ResourcePlan,
  type Unit,
  unitsOf,
} from './plan.ts';
import {
  collectionBody,
  createdListId,
  createListBody,
  historyBody,
  listedBody,
  notFoundKeys,
  ratingsBody,
} from './requests.ts';

/** One row of restore's output (docs/restore.md): a dry run has `written` 0. */
export interface RestoreRow {
  resource: RestoreResource;
  planned: number;
  already_there: number;
  written: number;
  not_found: number;
  refused: number;
}

export const ROW_COLUMNS = [
  'resource',
  'planned',
  'already_there',
  'written',
  'not_found',
  'refused',
] as const;

export type RestoreEvent =
  | { type: 'read'; resources: readonly RestoreResource[]; why: 'plan' | 'settle' | 'verify' }
  | { type: 'plan'; apply: boolean; rows: RestoreRow[]; batches: number; items: number; estimatedMs: number }
  | {
      type: 'batch';
      resource: RestoreResource;
      /** Requests sent so far, this one included, and how many the plan needs in all. */
      batch: number;
      batches: number;
      items: number;
      /** Time the batches still to send take at the write budget. */
      leftMs: number;
    }
  | { type: 'refused'; resource: RestoreResource; items: number; message: string }
  | { type: 'unknown'; resource: RestoreResource; message: string };

export interface JournalPort {
  /** Records a batch before it is sent; returns its number. */
  record(batch: { resource: RestoreResource; path: string; items: number; body: unknown }): Promise<number>;
  answer(
    batch: number,
    outcome: { state: 'answered' | 'refused' | 'failed' | 'unknown'; status: number | null; answer: unknown },
  ): Promise<void>;
  /** A fresh read of the account settled these unanswered batches. */
  settle(batches: readonly number[]): Promise<void>;
}

export interface RestorePorts {
  post(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
  /** The live state of these resources, read fresh (the others empty). */
  readLive(resources: readonly RestoreResource[], why: 'plan' | 'settle' | 'verify'): Promise<AccountState>;
  journal: JournalPort;
  emit(event: RestoreEvent): void;
}

export interface RestoreOptions {
  resources: readonly RestoreResource[];
  apply: boolean;
  batchSize: number;
  /** Whether notes may go with watchlist and list items (VIP only). */
  vipNotes: boolean;
  /** The write budget's spacing: SECONDS / N, for the time estimates. */
  spacingMs: number;
  /** Writes of one resource in a row whose outcome may be unknown before the run gives up (default 5). */
  maxUnknown?: number;
}

export interface NotFoundItem {
  mediaType: string;
  traktId: number;
  resources: RestoreResource[];
}

export interface RestoreOutcome {
  rows: RestoreRow[];
  /** The plans as made (before anything was written), for the dry run's sample. */
  plans: ResourcePlan[];
  notFound: NotFoundItem[];
  /** Planned units neither on the account now nor answered not_found or refused. */
  unaccounted: { resource: RestoreResource; units: number }[];
  /** Write requests sent. */
  requests: number;
  /** Write requests each resource's plan needed: ceil(items / batch), plus one per list to create. */
  plannedRequests: Partial<Record<RestoreResource, number>>;
}

const PATHS: Record<Exclude<RestoreResource, 'lists'>, string> = {
  history: '/sync/history',
  ratings: '/sync/ratings',
  watchlist: '/sync/watchlist',
  favorites: '/sync/favorites',
  collection: '/sync/collection',
};

/** Requests a plan needs: one per batch of items, and one per list to create. */
export function batchesOf(plan: ResourcePlan, size: number): number {
  if (plan.resource !== 'lists') return Math.ceil(plan.missing.length / size);
  return plan.missing.reduce((n, w) => n + (w.liveId === null ? 1 : 0) + Math.ceil(w.items.length / size), 0);
}

export async function restorePlan(
  wanted: AccountState,
  options: RestoreOptions,
  ports: RestorePorts,
): Promise<RestoreOutcome> {
  ports.emit({ type: 'read', resources: options.resources, why: 'plan' });
  const live = await ports.readLive(options.resources, 'plan');
  const plans = new Map(options.resources.map((r) => [r, planResource(r, wanted, live)]));
  const firstPlans = [...plans.values()];
  const rows = (): RestoreRow[] =>
    [...plans.values()].map((plan) => ({
      resource: plan.resource,
      planned: plannedCount(plan),
      already_there: plan.alreadyThere,
      written: 0,
      not_found: 0,
      refused: 0,
    }));
  const batches = firstPlans.reduce((n, p) => n + batchesOf(p, options.batchSize), 0);
  ports.emit({
    type: 'plan',
    apply: options.apply,
    rows: rows(),
    batches,
    items: firstPlans.reduce((n, p) => n + plannedCount(p), 0),
    estimatedMs: Math.max(0, batches - 1) * options.spacingMs,
  });
  const plannedRequests = Object.fromEntries(
    firstPlans.map((p) => [p.resource, batchesOf(p, options.batchSize)]),
  );
  if (!options.apply) {
    return { rows: rows(), plans: firstPlans, notFound: [], unaccounted: [], requests: 0, plannedRequests };
  }

  const run = new Run(wanted, options, ports, firstPlans);
  let wroteHistory = false;
  for (const resource of options.resources) {
    // Watching an item takes it off the watchlist (docs/trakt-api.md §3): plays just written may have.
    if (resource === 'watchlist' && wroteHistory) {
      ports.emit({ type: 'read', resources: ['watchlist'], why: 'plan' });
      const fresh = planResource('watchlist', wanted, await ports.readLive(['watchlist'], 'plan'));
      run.replanned(fresh);
      plans.set('watchlist', fresh);
    }
    const plan = plans.get(resource) as ResourcePlan;
    const before = run.requests;
    if (plan.resource === 'lists') await run.lists(plan);
    else await run.simple(plan);
    if (resource === 'history' && run.requests > before) wroteHistory = true;
  }

  const touched = [...plans.values()].filter((p) => plannedCount(p) > 0).map((p) => p.resource);
  let after: AccountState | undefined;
  if (touched.length > 0) {
    ports.emit({ type: 'read', resources: touched, why: 'verify' });
    after = await ports.readLive(touched, 'verify');
  }
  const unaccounted: { resource: RestoreResource; units: number }[] = [];
  const finalRows = [...plans.values()].map((plan): RestoreRow => {
    const planned = plannedCount(plan);
    const row: RestoreRow = {
      resource: plan.resource,
      planned,
      already_there: plan.alreadyThere,
      written: 0,
      not_found: 0,
      refused: 0,
    };
    if (planned === 0 || after === undefined) return row;
    const still = unitsOf(planResource(plan.resource, wanted, after));
    const counted = run.account(plan.resource, still);
    row.written = Math.max(0, planned - still.length);
    row.not_found = counted.notFound;
    row.refused = counted.refused;
    if (counted.other > 0) unaccounted.push({ resource: plan.resource, units: counted.other });
    return row;
  });
  return {
    rows: finalRows,
    plans: firstPlans,
    notFound: run.notFoundItems(),
    unaccounted,
    requests: run.requests,
    plannedRequests,
  };
}

type Sent =
  | { kind: 'answered'; json: unknown }
  | { kind: 'refused'; error: AccountLimitError }
  | { kind: 'unknown'; batch: number; error: Error };

/** The writing half of a restore, with what each resource's answers said. */
class Run {
  requests = 0;
  /** Batches each resource still has to send (for progress: what is left at the write budget). */
  readonly #remaining = new Map<RestoreResource, number>();
  readonly #notFound = new Map<RestoreResource, Set<string>>();
  readonly #refused = new Map<RestoreResource, Map<string, number>>();
  readonly #unknowns = new Map<RestoreResource, number>();

  constructor(
    private readonly wanted: AccountState,
    private readonly options: RestoreOptions,
    private readonly ports: RestorePorts,
    plans: readonly ResourcePlan[],
  ) {
    for (const plan of plans) this.#remaining.set(plan.resource, batchesOf(plan, options.batchSize));
  }

  /** A resource planned again before it was written: the progress total follows. */
  replanned(fresh: ResourcePlan): void {
    this.#remaining.set(fresh.resource, batchesOf(fresh, this.options.batchSize));
  }

  #left(): number {
    let n = 0;
    for (const v of this.#remaining.values()) n += v;
    return n;
  }

  /** history, ratings, watchlist, favorites, collection: the missing items in batches. */
  async simple(plan: Exclude<ResourcePlan, { resource: 'lists' }>): Promise<void> {
    const resource = plan.resource;
    const size = this.options.batchSize;
    let queue: unknown[] = plan.missing;
    while (queue.length > 0) {
      const chunk = queue.slice(0, size);
      this.#remaining.set(resource, Math.ceil((queue.length - chunk.length) / size));
      const sent = await this.#send(resource, PATHS[resource], this.#body(resource, chunk), chunk.length);
      if (sent.kind === 'answered') {
        this.#markNotFound(resource, sent.json);
        queue = queue.slice(size);
      } else if (sent.kind === 'refused') {
        this.#refuse(resource, unitsOf({ ...plan, missing: queue } as ResourcePlan), sent.error);
        return;
      } else {
        const fresh = await this.#settle(resource, sent);
        const notFound = this.#notFound.get(resource) ?? new Set();
        // Not found stays not found: it is not sent again.
        queue = (fresh.missing as { mediaType: string; traktId: number }[]).filter(
          (item) => !notFound.has(itemKey(item)),
        );
      }
    }
    this.#remaining.set(resource, 0);
  }

  /** Personal lists: each missing list created, then its missing items added in batches. */
  async lists(plan: Extract<ResourcePlan, { resource: 'lists' }>): Promise<void> {
    const size = this.options.batchSize;
    let works: ListWork[] = plan.missing;
    let w = 0;
    const refuseFrom = (index: number, items: readonly Listed[], error: AccountLimitError) => {
      const current = works[index] as ListWork;
      const units = [
        ...listUnits(current.list, items, current.liveId === null),
        ...works.slice(index + 1).flatMap((work) => listUnits(work.list, work.items, work.liveId === null)),
      ];
      this.#refuse('lists', units, error);
    };
    const restart = async (sent: Extract<Sent, { kind: 'unknown' }>) => {
      const fresh = await this.#settle('lists', sent);
      const notFound = this.#notFound.get('lists') ?? new Set();
      works = (fresh.missing as ListWork[])
        .map((work) => ({ ...work, items: work.items.filter((item) => !notFound.has(itemKey(item))) }))
        .filter((work) => work.liveId === null || work.items.length > 0);
      w = 0;
    };
    /** Batches left once the one about to go is sent: the rest of this list's, and every later list's. */
    const leftAfter = (itemsLeft: number) =>
      Math.ceil(itemsLeft / size) +
      works
        .slice(w + 1)
        .reduce((n, wk) => n + (wk.liveId === null ? 1 : 0) + Math.ceil(wk.items.length / size), 0);
    outer: while (w < works.length) {
      const work = works[w] as ListWork;
      let liveId = work.liveId;
      if (liveId === null) {
        this.#remaining.set('lists', leftAfter(work.items.length));
        const sent = await this.#send(
          'lists',
          '/users/me/lists',
          createListBody(work.list),
          work.items.length === 0 ? 1 : 0,
        );
        if (sent.kind === 'refused') {
          refuseFrom(w, work.items, sent.error);
          return;
        }
        if (sent.kind === 'unknown') {
          await restart(sent);
          continue;
        }
        liveId = createdListId(sent.json) ?? null;
        if (liveId === null) {
          throw new TraktdbError(
            `POST /users/me/lists answered without the new list's id; the list "${work.list.name}" may exist now. Run restore again.`,
          );
        }
      }
      let items: Listed[] = work.items;
      while (items.length > 0) {
        const chunk = items.slice(0, size);
        this.#remaining.set('lists', leftAfter(items.length - chunk.length));
        const sent = await this.#send(
          'lists',
          `/users/me/lists/${liveId}/items`,
          listedBody(chunk, this.options.vipNotes),
          chunk.length,
        );
        if (sent.kind === 'refused') {
          refuseFrom(w, items, sent.error);
          return;
        }
        if (sent.kind === 'unknown') {
          await restart(sent);
          continue outer;
        }
        this.#markNotFound('lists', sent.json);
        items = items.slice(size);
      }
      w += 1;
    }
    this.#remaining.set('lists', 0);
  }

  /** How the units still missing after the run break down: answered not_found, refused, or neither. */
  account(
    resource: RestoreResource,
    still: readonly Unit[],
  ): { notFound: number; refused: number; other: number } {
    const notFound = this.#notFound.get(resource) ?? new Set();
    const refused = new Map(this.#refused.get(resource) ?? []);
    let nf = 0;
    let rf = 0;
    let other = 0;
    for (const unit of still) {
      if (unit.item !== undefined && notFound.has(itemKey(unit.item))) nf += 1;
      else if ((refused.get(unit.key) ?? 0) > 0) {
        refused.set(unit.key, (refused.get(unit.key) ?? 0) - 1);
        rf += 1;
      } else other += 1;
    }
    return { notFound: nf, refused: rf, other };
  }

  /** Every item some answer called not_found, with the resources that held it. */
  notFoundItems(): NotFoundItem[] {
    const byKey = new Map<string, NotFoundItem>();
    for (const [resource, keys] of this.#notFound) {
      for (const key of keys) {
        const [mediaType, id] = key.split(':') as [string, string];
        const item = byKey.get(key) ?? { mediaType, traktId: Number(id), resources: [] };
        item.resources.push(resource);
        byKey.set(key, item);
      }
    }
    return [...byKey.values()].sort(
      (a, b) => a.mediaType.localeCompare(b.mediaType) || a.traktId - b.traktId,
    );
  }

  #body(resource: Exclude<RestoreResource, 'lists'>, chunk: unknown[]): unknown {
    switch (resource) {
      case 'history':
        return historyBody(chunk as never);
      case 'ratings':
        return ratingsBody(chunk as never);
      case 'watchlist':
        return listedBody(chunk as never, this.options.vipNotes);
      case 'favorites':
        // the contract's `sync/index.ts`: favorites take notes from every user.
        return listedBody(chunk as never, true);
      case 'collection':
        return collectionBody(chunk as never);
    }
  }

  #markNotFound(resource: RestoreResource, answer: unknown): void {
    const keys = notFoundKeys(answer);
    if (keys.size === 0) return;
    const set = this.#notFound.get(resource) ?? new Set();
    for (const key of keys) set.add(key);
    this.#notFound.set(resource, set);
  }

  #refuse(resource: RestoreResource, units: readonly Unit[], error: AccountLimitError): void {
    this.#remaining.set(resource, 0);
    const map = this.#refused.get(resource) ?? new Map<string, number>();
    for (const unit of units) map.set(unit.key, (map.get(unit.key) ?? 0) + 1);
    this.#refused.set(resource, map);
    this.ports.emit({ type: 'refused', resource, items: units.length, message: error.message });
  }

  /** A batch whose outcome is unknown: the resource read again (which settles it) and planned again. */
  async #settle(resource: RestoreResource, sent: Extract<Sent, { kind: 'unknown' }>): Promise<ResourcePlan> {
    const seen = (this.#unknowns.get(resource) ?? 0) + 1;
    this.#unknowns.set(resource, seen);
    this.ports.emit({ type: 'unknown', resource, message: sent.error.message });
    if (seen > (this.options.maxUnknown ?? 5)) {
      throw new TraktdbError(
        `Restoring ${resource} failed: ${seen} writes in a row got no usable answer (last: ${sent.error.message}). What was written is on the account; run restore again later.`,
        { cause: sent.error },
      );
    }
    this.ports.emit({ type: 'read', resources: [resource], why: 'settle' });
    const fresh = await this.ports.readLive([resource], 'settle');
    await this.ports.journal.settle([sent.batch]);
    return planResource(resource, this.wanted, fresh);
  }

  async #send(resource: RestoreResource, path: string, body: unknown, items: number): Promise<Sent> {
    const batch = await this.ports.journal.record({ resource, path, items, body });
    this.requests += 1;
    const left = this.#left();
    this.ports.emit({
      type: 'batch',
      resource,
      batch: this.requests,
      batches: this.requests + left,
      items,
      leftMs: left * this.options.spacingMs,
    });
    try {
      const response = await this.ports.post(path, body);
      // An answer ends a run of lost ones: only writes that keep losing theirs end the restore.
      this.#unknowns.set(resource, 0);
      await this.ports.journal.answer(batch, {
        state: 'answered',
        status: response.status,
        answer: response.json,
      });
      return { kind: 'answered', json: response.json };
    } catch (error) {
      if (error instanceof AccountLimitError) {
        await this.ports.journal.answer(batch, { state: 'refused', status: 420, answer: null });
        return { kind: 'refused', error };
      }
      if (error instanceof WriteOutcomeUnknownError) {
        await this.ports.journal.answer(batch, {
          state: 'unknown',
          status: error.status ?? null,
          answer: null,
        });
        return { kind: 'unknown', batch, error };
      }
      // Stopped (SIGINT) with the write maybe on its way: the next run's read settles it.
      const state = error instanceof InterruptedError ? 'unknown' : 'failed';
      const status = error instanceof HttpError ? (error.status ?? null) : null;
      await this.ports.journal.answer(batch, { state, status, answer: null }).catch(() => undefined);
      throw error;
    }
  }
}
