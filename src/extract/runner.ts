import PQueue from 'p-queue';
import type { ActivityValues } from './activities.ts';
import { runChildren } from './children.ts';
import { commitState } from './commit-state.ts';
import { fetchPaged, type JobOutcome, noChange } from './fetch-paged.ts';
import { fetchSingle } from './fetch-single.ts';
import { syncHistory } from './history-sync.ts';
import { RunLookups } from './id-lookups.ts';
import { remoteItemCount } from './item-count.ts';
import type { Job, RunContext } from './job.ts';
import type { ExtractOptions } from './options.ts';
import {
  type ExtractSummary,
  type ResourceOutcome,
  report,
  skipped,
  summarize,
  toOutcome,
} from './outcomes.ts';
import {
  fill,
  jobFor,
  type PlannedResource,
  partOf,
  planChildren,
  planRepairs,
  planRound,
  roundSoFar,
  singleJobFor,
} from './planner.ts';
import { LOOKUP_RESOURCE, type StateUpdate, type SyncState } from './ports.ts';
import { queued } from './queued.ts';
import { REPAIRS } from './repairs.ts';
import type { PagedResource } from './resource.ts';
import { runScrub } from './scrub-run.ts';
import { countFromStats } from './stats-count.ts';
import { unavailableAnswer } from './unavailable.ts';

export type { ExtractMode, ExtractOptions } from './options.ts';
export type { ExtractSummary, ResourceOutcome, ResourceProblem } from './outcomes.ts';

const LAST_ACTIVITIES = '/sync/last_activities';
/** Rounds of re-pulling what changed during the run before it settles for what it has. */
const MAX_ROUNDS = 3;

/**
 * Runs the catalog: plans what to fetch (planner.ts: everything for a
 * backup; what last_activities says changed for a sync), pages through it
 * with at most `concurrency` requests in flight, and commits each resource
 * on its own, so a run killed halfway keeps every resource it finished.
 */
export async function extract(options: ExtractOptions): Promise<ExtractSummary> {
  const queue = new PQueue({ concurrency: options.concurrency });
  const outcomes: ResourceOutcome[] = [];
  const across: AcrossRounds = {
    fetched: new Map(),
    lookups: new RunLookups(async (path) => {
      // Asked from inside a page's queue slot: the request runs in that slot, not in a new one.
      const response = await options.fetcher.get(path, {}, signalOf(options.signal));
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
      const response = await queued(queue, () => options.fetcher.get(path, {}, signalOf(options.signal)));
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
  // The last outcome of each resource fetched.
  const fetched = [...new Map(outcomes.filter((o) => !o.skipped).map((o) => [o.key, o])).values()];
  // Every resource answering 404 is no account at all (a wrong --user): that is the run's failure.
  const [firstGone] = across.unavailable;
  if (firstGone !== undefined && fetched.length > 0 && fetched.every((o) => o.problem === 'unavailable')) {
    throw firstGone;
  }
  // The rolling verification: the slice of the account that is due (scrub-run.ts).
  const scrubbed = await runScrub(options, queue, across.lookups);
  if (scrubbed === undefined) return summarize(options.catalog, outcomes);
  return { ...summarize(options.catalog, [...outcomes, ...scrubbed.outcomes]), scrub: scrubbed.summary };
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

/** One pass over the catalog: plan it, carry the plan out, then the repairs it calls for. */
async function runRound(
  options: ExtractOptions,
  queue: PQueue,
  across: AcrossRounds,
  number: number,
): Promise<ResourceOutcome[]> {
  const run: RunContext = {
    fetcher: options.fetcher,
    store: options.store,
    archive: options.archive,
    queue,
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
  const lastActivities = options.user === 'me' ? await fetchLastActivities(run) : undefined;
  const plan = planRound(options.catalog, {
    mode: options.mode,
    user: options.user,
    round: number,
    lastActivities,
    states,
    fetchedEarlier: across.fetched,
    resumeRunIds: options.resumeRunIds,
  });
  const round: Round = {
    options,
    run,
    across,
    states,
    outcomes: [],
    waiting: new Map(),
    finish(title, outcome) {
      report(options.emit, title, outcome);
      this.outcomes.push(outcome);
    },
  };
  const settled = await Promise.allSettled(plan.map((planned) => carryOut(planned, round)));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    queue.clear();
    await queue.onIdle();
    throw failure.reason;
  }
  // A windowed resource's state waits for its repair: a run stopped before the repair leaves it
  // unseen, so the next sync pages it again and, with what the repair reads current, repairs it.
  const soFar = roundSoFar(round.outcomes);
  const repaired = new Map<string, boolean>();
  for (const { resource, repair } of planRepairs(options.catalog, soFar, options)) {
    let complete = true;
    for (const loaded of await REPAIRS[repair.kind](resource, run, options.store)) {
      const result = toOutcome(`${resource.title} (${loaded.key})`, loaded);
      round.finish(result.title, result);
      complete &&= result.complete;
    }
    repaired.set(resource.name, complete);
  }
  for (const [name, { job, state }] of round.waiting) {
    if (soFar.synced(name) && repaired.get(name) !== false) await commitState(job, run, state);
  }
  return round.outcomes;
}

/** What one round's loads share while they run side by side. */
interface Round {
  options: ExtractOptions;
  run: RunContext;
  across: AcrossRounds;
  states: ReadonlyMap<string, SyncState>;
  outcomes: ResourceOutcome[];
  /** States that wait for the round's repairs (history fetched by windows). */
  waiting: Map<string, { job: Job; state: StateUpdate }>;
  /** Reports a fetched resource's outcome and keeps it. */
  finish(title: string, outcome: ResourceOutcome): void;
}

/** One resource's step of the plan. */
async function carryOut(planned: PlannedResource, round: Round): Promise<void> {
  const { options, run, across } = round;
  const { resource, activities, step } = planned;
  if (step.kind === 'skip') {
    round.outcomes.push(skipped(resource.name, resource.title, step.reason));
    const reason = step.event ?? step.reason;
    options.emit({ type: 'resource-skipped', resource: resource.name, title: resource.title, reason });
    return;
  }
  const { path } = step;
  if (step.kind === 'count-first' && (await nothingRemoved(planned, path, options, run))) {
    const why = 'unchanged (only removals were possible, and Trakt counts as many items as before)';
    round.outcomes.push({ ...skipped(resource.name, resource.title, why), requests: 1 });
    options.emit({ type: 'resource-skipped', resource: resource.name, title: resource.title, reason: why });
    return;
  }
  options.emit({ type: 'resource-start', resource: resource.name, title: resource.title });
  across.fetched.set(resource.name, activities);
  if (resource.pagination === 'single') {
    const job = singleJobFor(resource, path, activities, options.user, run.runStart);
    const outcome = await unlessUnavailable(job.key, Object.values(job.parts), across, () =>
      fetchSingle(job, run),
    );
    round.finish(resource.title, toOutcome(resource.title, outcome));
    return;
  }
  await pullPaged(resource, path, activities, step.kind === 'pull' && step.windows, round);
}

/** A paged resource: whole or by windows, then its children. */
async function pullPaged(
  resource: PagedResource,
  path: string,
  activities: ActivityValues,
  windows: boolean,
  round: Round,
): Promise<void> {
  const { options, run, across } = round;
  const parents: Record<string, unknown>[] = [];
  const job = jobFor(resource, path, activities, run.runStart, (batch) => {
    if (resource.children)
      parents.push(...((batch[resource.table] ?? []) as object[] as Record<string, unknown>[]));
  });
  if (resource.statsCount !== undefined) {
    const fields = resource.statsCount;
    job.expectedCount = async () => countFromStats(await across.stats(), fields);
  }
  // A parent's state waits for its children: saved with the parent's rows, it would let a later
  // run (a resumed one, or a sync) skip the parent, and so never reach children not yet committed.
  const { state, ...stateless } = job;
  if (windows && state !== undefined) round.waiting.set(resource.name, { job, state });
  const outcome = toOutcome(
    resource.title,
    await unlessUnavailable(job.key, [job.path], across, () =>
      windows
        ? syncHistory(stateless, run, historyOf(resource, options))
        : fetchPaged(resource.children ? stateless : job, run),
    ),
  );
  round.finish(resource.title, outcome);
  if (resource.children === undefined || !outcome.complete) return;
  const plan = planChildren(resource.children, parents, round.states, options);
  const children = await runChildren(resource.children, plan, options.user, run);
  round.outcomes.push(...children);
  if (state !== undefined && children.every((child) => child.complete)) await commitState(job, run, state);
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
 * The plan's count-first step: one request for Trakt's item count; when it
 * equals the local count nothing was removed, and the new activities are
 * saved without re-pulling every page.
 */
async function nothingRemoved(
  planned: PlannedResource,
  path: string,
  options: ExtractOptions,
  run: RunContext,
): Promise<boolean> {
  const { resource, activities } = planned;
  if (resource.pagination !== 'pages') return false;
  const job = jobFor(resource, path, activities, run.runStart);
  const remote = await remoteItemCount(job, run);
  if (remote !== (await options.store.countRows(resource.table, partOf(resource.write)))) return false;
  if (job.state !== undefined) await commitState(job, run, job.state);
  return true;
}

/** A resource whose own paths answer 404 or 405 is unavailable: named, and the run goes on. */
async function unlessUnavailable(
  key: string,
  paths: readonly string[],
  across: AcrossRounds,
  load: () => Promise<JobOutcome>,
): Promise<JobOutcome> {
  try {
    return await load();
  } catch (error) {
    const gone = unavailableAnswer(error, paths);
    if (gone === undefined) throw error;
    across.unavailable.push(error);
    return {
      key,
      complete: false,
      rows: 0,
      expected: 0,
      requests: 1,
      merge: noChange(),
      rejected: 0,
      problem: 'unavailable',
      reason: gone,
    };
  }
}

/** The mirror's side of a windowed resource, for history-sync.ts. */
function historyOf(resource: PagedResource, options: ExtractOptions) {
  const column = resource.write.mode === 'windows' ? resource.write.column : 'watched_at';
  return {
    count: (from: string | undefined, to: string | undefined) =>
      options.store.countRange(resource.table, column, from, to),
    newest: () => options.store.newest(resource.table, column),
    median: (from: string, to: string) => options.store.median(resource.table, column, from, to),
  };
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

function signalOf(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}
