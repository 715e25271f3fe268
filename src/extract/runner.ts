import PQueue from 'p-queue';
import type { ListRow, RowBatch } from '../normalize/rows.ts';
import {
  type ActivityValues,
  activitiesChanged,
  changedFields,
  pickActivities,
  unknownActivity,
} from './activities.ts';
import { ChildGroups } from './child-groups.ts';
import { commitState } from './commit-state.ts';
import type { ExtractListener } from './events.ts';
import {
  fetchPaged,
  type JobOutcome,
  noChange,
  type Problem,
  pageThrough,
  unavailablePaged,
} from './fetch-paged.ts';
import { fetchSingle, type NormalizeSingle } from './fetch-single.ts';
import { syncHistory } from './history-sync.ts';
import { LOOKUP_RESOURCE, RunLookups } from './id-lookups.ts';
import { remoteItemCount } from './item-count.ts';
import type { ExpectedCount, Job, Normalize, RunContext } from './job.ts';
import type { Fetcher, ResponseArchive, RunStore, Scope, StateUpdate, SyncState } from './ports.ts';
import { queued } from './queued.ts';
import { reconcilePlays } from './reconcile-plays.ts';
import type { ChildResource, Resource } from './resource.ts';
import { unavailableAnswer } from './unavailable.ts';

export type ExtractMode = 'backup' | 'sync' | 'sync-full';

export interface ExtractOptions {
  catalog: readonly Resource[];
  mode: ExtractMode;
  /** `me` or a user slug. */
  user: string;
  fetcher: Fetcher;
  store: RunStore;
  archive: ResponseArchive;
  normalize: Normalize;
  normalizeSingle: NormalizeSingle;
  runId: number;
  runStart: string;
  now: () => string;
  concurrency: number;
  emit: ExtractListener;
  signal?: AbortSignal;
  /** Killed, interrupted or failed earlier runs whose committed resources need not be fetched again. */
  resumeRunIds?: readonly number[];
  maxPasses?: number;
  pageSize?: number;
}

export interface ResourceOutcome {
  key: string;
  title: string;
  complete: boolean;
  rows: number;
  /** Items Trakt counts (X-Pagination-Item-Count, or the count that checked a headerless answer). */
  expected: number;
  requests: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Items kept in rejected_items instead of the table. */
  rejected: number;
  skipped?: string;
  /** What kept an incomplete resource from being verified; the word the run's output prints. */
  problem?: Problem;
  reason?: string;
}

/** A resource the run could not verify, as its output names it. */
export interface ResourceProblem {
  key: string;
  title: string;
  problem: Problem;
  reason: string;
  rejected: number;
}

export interface ExtractSummary {
  outcomes: ResourceOutcome[];
  /** Keys of every resource not verified complete, whatever the problem. */
  incomplete: string[];
  /** The same resources with what went wrong, in catalog order. */
  problems: ResourceProblem[];
}

const LAST_ACTIVITIES = '/sync/last_activities';
/** Rounds of re-pulling what changed during the run before it settles for what it has. */
const MAX_ROUNDS = 3;

/**
 * Runs the catalog: decides what to fetch (everything for a backup; what
 * last_activities says changed for a sync), pages through it with at most
 * `concurrency` requests in flight, and commits each resource on its own, so
 * a run killed halfway keeps every resource it finished.
 */
export async function extract(options: ExtractOptions): Promise<ExtractSummary> {
  const queue = new PQueue({ concurrency: options.concurrency });
  const outcomes: ResourceOutcome[] = [];
  const across: AcrossRounds = {
    fetched: new Map(),
    lookups: new RunLookups(async (path) => {
      // Asked from inside a page's queue slot: the request runs in that slot, not in a new one.
      const response = await options.fetcher.get(
        path,
        {},
        options.signal === undefined ? {} : { signal: options.signal },
      );
      await options.archive.saveResponse(
        LOOKUP_RESOURCE,
        {
          method: response.method,
          path: response.path,
          status: response.status,
          body: response.body,
          items: Array.isArray(response.json) ? response.json.length : null,
        },
        options.now(),
      );
      return response;
    }),
    stats: once(async () => {
      const path = fill('/users/{user}/stats', options.user);
      const response = await queued(queue, () =>
        options.fetcher.get(path, {}, options.signal === undefined ? {} : { signal: options.signal }),
      );
      return response.json;
    }),
    unavailable: [],
  };
  // Resources are fetched at different moments; when the account changes meanwhile (a scrobble,
  // an edit on the website), later rounds re-pull what last_activities says moved, so the
  // mirror ends as one consistent snapshot. A round that fetches nothing ends the run.
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const roundOptions: ExtractOptions =
      round === 1 ? options : { ...options, mode: 'sync', runStart: options.now() };
    const fetched = await runRound(roundOptions, queue, across, round);
    outcomes.push(...fetched);
    if (options.user !== 'me' || fetched.every((o) => o.skipped !== undefined)) break;
  }
  const last = new Map(outcomes.filter((o) => !o.skipped).map((o) => [o.key, o]));
  const fetched = [...last.values()];
  // Every resource answering 404 is no account at all (a wrong --user): that is the run's failure.
  const [firstGone] = across.unavailable;
  if (firstGone !== undefined && fetched.length > 0 && fetched.every((o) => o.problem === 'unavailable')) {
    throw firstGone;
  }
  // In catalog order (children after their parent, by key), whatever order they finished in.
  const rank = (key: string): number => {
    const name = key.split(':')[0];
    const at = options.catalog.findIndex((r) => r.name === name || r.children?.name === name);
    return at === -1 ? options.catalog.length : at;
  };
  const failed = fetched
    .filter((o) => !o.complete)
    .sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    outcomes,
    incomplete: failed.map((o) => o.key),
    problems: failed.map((o) => ({
      key: o.key,
      title: o.title,
      problem: o.problem ?? 'incomplete',
      reason: o.reason ?? 'incomplete',
      rejected: o.rejected,
    })),
  };
}

/** What the rounds of one run share. */
interface AcrossRounds {
  /**
   * The activities each resource was fetched with earlier in this run. A
   * later round re-pulls only what moved since: a resource left incomplete,
   * or due because its activity is unknown, would come back the same.
   */
  fetched: Map<string, ActivityValues>;
  lookups: RunLookups;
  /** /users/{id}/stats, fetched at most once, only to count a headerless answer. */
  stats: () => Promise<unknown>;
  /** The 404/405 errors behind unavailable resources, in order. */
  unavailable: unknown[];
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

/** One pass over the catalog: what the mode and last_activities say to fetch. */
async function runRound(
  options: ExtractOptions,
  queue: PQueue,
  across: AcrossRounds,
  round: number,
): Promise<ResourceOutcome[]> {
  const run: RunContext = {
    fetcher: options.fetcher,
    store: options.store,
    archive: options.archive,
    queue,
    normalize: options.normalize,
    runId: options.runId,
    runStart: options.runStart,
    now: options.now,
    emit: options.emit,
    maxPasses: options.maxPasses ?? 3,
    // docs/trakt-api.md §2: larger limits are clamped to 250 since 2026-06-15 (#925); ask for exactly that.
    pageSize: options.pageSize ?? 250,
    lookups: across.lookups,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const states = await options.store.syncState();
  const me = options.user === 'me';
  const lastActivities = me ? await fetchLastActivities(run) : undefined;
  const outcomes: ResourceOutcome[] = [];
  // A sync's history state waits for the per-item repair below (see there).
  let history: { job: Job; state: StateUpdate } | undefined;

  const tasks = options.catalog.map(async (resource) => {
    const path = me ? resource.path : resource.userPath;
    if (path === undefined) {
      outcomes.push(skipped(resource.name, resource.title, 'only available for your own account'));
      options.emit({
        type: 'resource-skipped',
        resource: resource.name,
        title: resource.title,
        reason: 'not public',
      });
      return;
    }
    const activities = pickActivities(lastActivities, resource.activities);
    const saved = states.get(resource.name);
    const earlier = across.fetched.get(resource.name);
    const reason =
      round > 1 && earlier !== undefined && !activitiesChanged(earlier, activities)
        ? 'fetched earlier in this run'
        : skipReason(options, saved, activities, lastActivities !== undefined);
    if (reason !== undefined) {
      outcomes.push(skipped(resource.name, resource.title, reason));
      options.emit({ type: 'resource-skipped', resource: resource.name, title: resource.title, reason });
      return;
    }
    if (await nothingRemoved(resource, fill(path, options.user), saved, activities, options, run)) {
      const why = 'unchanged (only removals were possible, and Trakt counts as many items as before)';
      outcomes.push({ ...skipped(resource.name, resource.title, why), requests: 1 });
      options.emit({ type: 'resource-skipped', resource: resource.name, title: resource.title, reason: why });
      return;
    }
    options.emit({ type: 'resource-start', resource: resource.name, title: resource.title });
    across.fetched.set(resource.name, activities);
    const lists: ListRow[] = [];
    const job = toJob(resource, fill(path, options.user), activities, run, (batch) => {
      if (resource.children) lists.push(...((batch.lists ?? []) as ListRow[]));
    });
    if (resource.statsCount !== undefined) job.expectedCount = statsCount(resource.statsCount, across.stats);
    const window = resource.window;
    // A parent's state waits for its children: saved with the parent's rows, it would let a later
    // run (a resumed one, or a sync) skip the parent, and so never reach children not yet committed.
    const { state: parentState, ...parentJob } = job;
    const windowed = window !== undefined && options.mode === 'sync' && saved !== undefined;
    if (windowed && parentState !== undefined) history = { job, state: parentState };
    const paths = [job.path, ...Object.values(resource.also ?? {}).map((also) => fill(also, options.user))];
    let outcome: ResourceOutcome;
    try {
      outcome =
        resource.pagination === 'single'
          ? await runSingle(job, resource, options, run)
          : windowed
            ? toOutcome(
                resource.title,
                await syncHistory(parentJob, run, {
                  count: (from, to) => options.store.countRange(resource.table, window.column, from, to),
                  newest: () => options.store.newest(resource.table, window.column),
                  median: (from, to) => options.store.median(resource.table, window.column, from, to),
                }),
              )
            : toOutcome(resource.title, await fetchPaged(resource.children ? parentJob : job, run));
    } catch (error) {
      // A 404 or 405 on the resource's own path: that resource is unavailable, the run goes on.
      const gone = unavailableAnswer(error, paths);
      if (gone === undefined) throw error;
      across.unavailable.push(error);
      outcome = toOutcome(resource.title, {
        ...unavailablePaged(job, gone),
        merge: noChange(),
        key: job.key,
      });
    }
    report(options.emit, resource.title, outcome);
    outcomes.push(outcome);
    if (resource.children && outcome.complete) {
      const children = await runChildren(resource.children, lists, states, options, run);
      outcomes.push(...children);
      if (parentState !== undefined && children.every((child) => child.complete)) {
        await commitState(job, run, parentState);
      }
    }
  });
  const settled = await Promise.allSettled(tasks);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    queue.clear();
    await queue.onIdle();
    throw failure.reason;
  }
  // Fetched complete in this round, or known current (unchanged, or committed by an interrupted run).
  const current = (key: string) => outcomes.some((o) => o.key === key && o.complete);
  const synced = (key: string) =>
    current(key) && outcomes.some((o) => o.key === key && o.skipped === undefined);
  const plays = options.catalog.find((resource) => resource.window !== undefined);
  let repaired = true;
  if (
    me &&
    options.mode === 'sync' &&
    plays &&
    synced(plays.name) &&
    current('watched_movies') &&
    current('watched_shows')
  ) {
    for (const outcome of await reconcilePlays(
      run,
      (to) => options.store.playCountMismatches(to),
      plays.query ?? {},
    )) {
      const result = toOutcome(`watch history (${outcome.key})`, outcome);
      report(options.emit, result.title, result);
      outcomes.push(result);
      repaired &&= result.complete;
    }
  }
  // History is marked seen only once repaired: a run stopped before the repair leaves history
  // unseen, so the next sync pages it again and, with the watched tables current, repairs it.
  if (history !== undefined && plays && synced(plays.name) && repaired) {
    await commitState(history.job, run, history.state);
  }
  return outcomes;
}

async function fetchLastActivities(run: RunContext): Promise<unknown> {
  const response = await queued(run.queue, () => run.fetcher.get(LAST_ACTIVITIES));
  await run.archive.saveResponse(
    'last_activities',
    {
      method: response.method,
      path: response.path,
      status: response.status,
      body: response.body,
      items: null,
    },
    run.now(),
  );
  return response.json;
}

/**
 * For a resource that moved only in fields that can merely remove items
 * (`removalsOnlyWhen`): one request for Trakt's item count; when it equals
 * the local count nothing was removed, and the new activities are saved
 * without re-pulling every page.
 */
async function nothingRemoved(
  resource: Resource,
  path: string,
  saved: SyncState | undefined,
  activities: ActivityValues,
  options: ExtractOptions,
  run: RunContext,
): Promise<boolean> {
  const only = resource.removalsOnlyWhen;
  if (options.mode !== 'sync' || only === undefined || saved === undefined) return false;
  if (unknownActivity(activities)) return false;
  const moved = changedFields(saved.activities, activities);
  if (moved.length === 0 || !moved.every((field) => only.includes(field))) return false;
  const job = toJob(resource, path, activities, run, () => undefined);
  const remote = await remoteItemCount(job, run);
  if (remote !== (await options.store.countRows(resource.table, resource.scope ?? {}))) return false;
  if (job.state !== undefined) await commitState(job, run, job.state);
  return true;
}

function skipReason(
  options: ExtractOptions,
  saved: SyncState | undefined,
  activities: ActivityValues,
  known: boolean,
): string | undefined {
  if (saved === undefined || !known) return undefined;
  // docs/tolerance.md: a last_activities field that is missing or null means "unknown": pull, never skip.
  if (unknownActivity(activities)) return undefined;
  const unchanged = !activitiesChanged(saved.activities, activities);
  if (options.mode === 'sync' && unchanged) return 'unchanged';
  if (saved.runId !== null && options.resumeRunIds?.includes(saved.runId) && unchanged) {
    return 'already committed by the interrupted run';
  }
  return undefined;
}

function toJob(
  resource: Resource,
  path: string,
  activities: ActivityValues,
  run: RunContext,
  collect: (batch: RowBatch) => void,
): Job {
  const scope: Scope = resource.window
    ? // History is pinned at the run's start so plays added meanwhile cannot shift pages.
      { kind: 'range', column: resource.window.column, to: run.runStart }
    : resource.table === 'stats_snapshots'
      ? { kind: 'snapshot' }
      : resource.scope
        ? { kind: 'where', equals: resource.scope }
        : { kind: 'all' };
  return {
    key: resource.name,
    title: resource.title,
    table: resource.table,
    normalizer: resource.normalizer,
    context: resource.scope?.['section'] === undefined ? {} : { section: String(resource.scope['section']) },
    path,
    query: { ...resource.query, ...(resource.window ? { end_at: run.runStart } : {}) },
    scope,
    state: { resource: resource.name, activities },
    collect,
  };
}

async function runSingle(
  job: Job,
  resource: Resource,
  options: ExtractOptions,
  run: RunContext,
): Promise<ResourceOutcome> {
  const parts: Record<string, string> = { main: job.path };
  for (const [part, path] of Object.entries(resource.also ?? {})) parts[part] = fill(path, options.user);
  const result = await fetchSingle(job, parts, run, options.normalizeSingle);
  const outcome: ResourceOutcome = { key: job.key, title: job.title, complete: true, expected: 1, ...result };
  if (result.rejected === 0) return outcome;
  return {
    ...outcome,
    complete: false,
    problem: 'rejected',
    reason: 'its answer could not be read (see rejected_items)',
  };
}

/** The sum of some numbers of /users/{id}/stats, as the count a headerless answer is checked against. */
function statsCount(
  fields: readonly string[],
  stats: () => Promise<unknown>,
): () => Promise<ExpectedCount | undefined> {
  return async () => {
    const body = await stats();
    let count = 0;
    for (const field of fields) {
      const value = pickNumber(body, field);
      if (value === undefined) return undefined;
      count += value;
    }
    return { count, source: `/users/{id}/stats (${fields.join(' + ')})` };
  };
}

function pickNumber(body: unknown, field: string): number | undefined {
  let value = body;
  for (const part of field.split('.')) {
    value =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Child resources (the items of each list): every list on a backup; on a sync
 * only lists whose `updated_at` or `item_count` moved. Items of lists that no
 * longer exist are removed from the mirror (and kept in change_log).
 */
async function runChildren(
  child: ChildResource,
  parents: ListRow[],
  states: Map<string, SyncState>,
  options: ExtractOptions,
  run: RunContext,
): Promise<ResourceOutcome[]> {
  const byId = new Map(
    parents.map((row) => [Number((row as unknown as Record<string, unknown>)[child.parentKey]), row]),
  );
  const tasks: Promise<ResourceOutcome>[] = [];
  const groups = new ChildGroups(run, child.scopeColumn);
  const paging: Promise<unknown>[] = [];
  for (const [id, row] of byId) {
    const key = `${child.name}:${id}`;
    const activities: ActivityValues = {};
    for (const column of child.changedWhen) {
      const value = (row as unknown as Record<string, unknown>)[column];
      activities[column] = value === null || value === undefined ? null : String(value);
    }
    const reason = skipReason(options, states.get(key), activities, true);
    if (reason !== undefined) {
      tasks.push(Promise.resolve(skipped(key, `${child.title} of ${row.name ?? id}`, reason)));
      continue;
    }
    const job: Job = {
      key,
      title: `${child.title} of ${row.name ?? id}`,
      table: child.table,
      normalizer: child.normalizer,
      context: { listTraktId: id },
      path: fill(child.path, options.user).replace('{id}', String(id)),
      query: { ...child.query },
      scope: { kind: 'where', equals: { [child.scopeColumn]: id } },
      state: { resource: key, activities },
    };
    const counted =
      child.countColumn === undefined
        ? undefined
        : (row as unknown as Record<string, unknown>)[child.countColumn];
    if (typeof counted === 'number') {
      job.expectedCount = async () => ({ count: counted, source: `the list's ${child.countColumn}` });
    }
    options.emit({ type: 'resource-start', resource: key, title: job.title });
    // A list whose items answer 404 (deleted meanwhile) is unavailable; the other lists go on.
    const paged = pageThrough(job, run).catch((error: unknown) => {
      const gone = unavailableAnswer(error, [job.path]);
      if (gone === undefined) throw error;
      return unavailablePaged(job, gone);
    });
    paging.push(paged);
    tasks.push(
      paged
        .then((done) => groups.add(done))
        .then((outcome) => {
          const result = toOutcome(job.title, outcome);
          report(options.emit, job.title, result);
          return result;
        }),
    );
  }
  // Settled from the start: a list failing while others are still paged must not go unhandled.
  const outcomes = Promise.allSettled(tasks);
  // Every list paged (or one failed): commit the last group, or drop what will never commit.
  const failed = (await Promise.allSettled(paging)).find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await groups.discard();
    await outcomes;
    throw failed.reason;
  }
  await groups.flush();
  const removals: Promise<ResourceOutcome>[] = [];
  for (const [key] of states) {
    const id = Number(key.slice(child.name.length + 1));
    if (!key.startsWith(`${child.name}:`) || byId.has(id)) continue;
    removals.push(removeChild(child, key, id, run));
  }
  const results = [...(await outcomes), ...(await Promise.allSettled(removals))];
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/** A list that vanished: its items leave the mirror in one commit. */
async function removeChild(
  child: ChildResource,
  key: string,
  id: number,
  run: RunContext,
): Promise<ResourceOutcome> {
  const stage = await run.store.stage(child.table);
  const scope: Scope = { kind: 'where', equals: { [child.scopeColumn]: id } };
  await run.archive.recordCommit({
    resource: key,
    table: child.table,
    normalizer: child.normalizer,
    context: { listTraktId: id },
    scope,
    files: [],
    rows: 0,
    state: { resource: key, activities: { removed: run.runStart } },
    at: run.now(),
  });
  const merge = await stage.commit({
    runId: run.runId,
    at: run.runStart,
    scope,
    state: { resource: key, activities: { removed: run.runStart } },
  });
  return {
    key,
    title: `${child.title} of removed list ${id}`,
    complete: true,
    rows: 0,
    expected: 0,
    requests: 0,
    rejected: 0,
    inserted: merge.inserted,
    updated: merge.updated,
    deleted: merge.deleted,
  };
}

function toOutcome(title: string, outcome: JobOutcome): ResourceOutcome {
  return {
    key: outcome.key,
    title,
    complete: outcome.complete,
    rows: outcome.rows,
    expected: outcome.expected,
    requests: outcome.requests,
    inserted: outcome.merge.inserted,
    updated: outcome.merge.updated,
    deleted: outcome.merge.deleted,
    rejected: outcome.rejected,
    ...(outcome.complete
      ? {}
      : { problem: outcome.problem ?? 'incomplete', reason: outcome.reason ?? 'incomplete' }),
  };
}

function report(emit: ExtractListener, title: string, outcome: ResourceOutcome): void {
  if (outcome.complete) {
    emit({
      type: 'resource-done',
      resource: outcome.key,
      title,
      rows: outcome.rows,
      inserted: outcome.inserted,
      updated: outcome.updated,
      deleted: outcome.deleted,
      requests: outcome.requests,
    });
  } else {
    emit({
      type: 'resource-incomplete',
      resource: outcome.key,
      title,
      problem: outcome.problem ?? 'incomplete',
      expected: outcome.expected,
      // Rejected items arrived: they are kept in rejected_items rather than the table.
      received: outcome.rows + outcome.rejected,
      rejected: outcome.rejected,
      reason: outcome.reason ?? 'incomplete',
    });
  }
}

function skipped(key: string, title: string, reason: string): ResourceOutcome {
  return {
    key,
    title,
    complete: true,
    rows: 0,
    expected: 0,
    requests: 0,
    inserted: 0,
    updated: 0,
    deleted: 0,
    rejected: 0,
    skipped: reason,
  };
}

function fill(path: string, user: string): string {
  return path.replace('{user}', encodeURIComponent(user));
}
