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
import { planTitles, runPerTitle } from './per-title.ts';
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
import { RATED_TYPES } from './ratings-slices.ts';
import { syncRatingSlices } from './ratings-sync.ts';
import { REPAIRS } from './repairs.ts';
import type { PagedResource } from './resource.ts';
import { ResumeTally, stillValid } from './reuse.ts';
import { runScrub } from './scrub-run.ts';
import { shareAnswers } from './shared-answers.ts';
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
    resumed: new ResumeTally(),
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
  // Opt-in per-title resources (credits) after the account: they need its plays, and a run
  // stopped during their thousands of requests has every account resource already committed.
  for (const resource of options.perTitle ?? []) {
    const states = await options.store.syncState();
    const titles = planTitles(
      resource,
      await options.store.playedTitles(),
      states,
      options.mode === 'sync-full',
    );
    const run = perTitleRun(options, queue, across);
    outcomes.push(await runPerTitle({ resource, titles, run }));
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
  const committedEarlier = outcomes.filter((o) => o.skipped === COMMITTED_EARLIER).length;
  return {
    ...summarize(options.catalog, scrubbed === undefined ? outcomes : [...outcomes, ...scrubbed.outcomes]),
    ...(scrubbed === undefined ? {} : { scrub: scrubbed.summary }),
    resumed: {
      pages: across.resumed.pages,
      resources: across.resumed.resources.size,
      committed: committedEarlier,
    },
  };
}

/** The planner's reason for a resource an interrupted run committed (planner.ts dueness). */
const COMMITTED_EARLIER = 'already committed by the interrupted run';

/** The run context of the per-title resources: the same queue, budget and archive as the rounds. */
function perTitleRun(options: ExtractOptions, queue: PQueue, across: AcrossRounds): RunContext {
  return {
    fetcher: options.fetcher,
    store: options.store,
    archive: options.archive,
    queue,
    runId: options.runId,
    runStart: options.runStart,
    now: options.now,
    emit: options.emit,
    maxPasses: options.maxPasses ?? 3,
    pageSize: options.pageSize ?? 250,
    lookups: across.lookups,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
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
  /** Pages read back from interrupted runs' archives instead of fetched. */
  resumed: ResumeTally;
}

/** One pass over the catalog: plan it, carry the plan out, then the repairs it calls for. */
async function runRound(
  options: ExtractOptions,
  queue: PQueue,
  across: AcrossRounds,
  number: number,
): Promise<ResourceOutcome[]> {
  // The stats resource and the ratings' slices read one /users/{id}/stats per round.
  const statsPath = fill('/users/{user}/stats', options.user);
  const fetcher = shareAnswers(options.fetcher, [statsPath]);
  const run: RunContext = {
    fetcher,
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
    resumed: across.resumed,
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
  if (number === 1) options.emit(planEvent(plan, options));
  const round: Round = {
    options,
    run,
    across,
    states,
    outcomes: [],
    waiting: new Map(),
    stats: async () => (await queued(queue, () => fetcher.get(statsPath, {}, signalOf(options.signal)))).json,
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
  /** This round's /users/{id}/stats answer (shared with the stats resource's own fetch). */
  stats: () => Promise<unknown>;
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
    round.finish(resource.title, await withTableRows(toOutcome(resource.title, outcome), resource, options));
    return;
  }
  if (step.kind === 'slices' && resource.pagination === 'pages' && resource.slices !== undefined) {
    const job = jobFor(resource, path, activities, run.runStart);
    const moved = RATED_TYPES.filter((t) => step.moved.includes(t.activity)).map((t) => t.mediaType);
    const outcome = await unlessUnavailable(job.key, [job.path], across, () =>
      syncRatingSlices(
        job,
        fill(resource.slices?.path ?? path, options.user),
        moved,
        run,
        options.store,
        round.stats,
      ),
    );
    round.finish(resource.title, await withTableRows(toOutcome(resource.title, outcome), resource, options));
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
  if (!windows) resumeFrom(job, resource, activities, options);
  const outcome = await withTableRows(
    toOutcome(
      resource.title,
      await unlessUnavailable(job.key, [job.path], across, () =>
        windows
          ? syncHistory(stateless, run, historyOf(resource, options))
          : fetchPaged(resource.children ? stateless : job, run),
      ),
    ),
    resource,
    options,
  );
  round.finish(resource.title, outcome);
  if (resource.children === undefined || !outcome.complete) return;
  const plan = planChildren(resource.children, parents, round.states, options);
  const children = await runChildren(resource.children, plan, options.user, run);
  round.outcomes.push(...children);
  if (state !== undefined && children.every((child) => child.complete)) await commitState(job, run, state);
}

/**
 * The plan as progress sees it: what will be fetched, and what an
 * interrupted run left that this one reuses.
 */
function planEvent(plan: readonly PlannedResource[], options: ExtractOptions) {
  const fetching = plan.filter((p) => p.step.kind !== 'skip');
  let reusablePages = 0;
  let reusableResources = 0;
  for (const { resource, activities, step } of fetching) {
    const archived = options.resume?.pagesOf(resource.name);
    if (step.kind !== 'pull' || step.windows || archived === undefined) continue;
    if (!stillValid(archived, activities)) continue;
    // Page 1 is read back only with the X-Pagination headers it came with (reuse.ts).
    const pages = [...archived.pages].filter(
      ([page, kept]) => page > 1 || kept.pagination !== undefined,
    ).length;
    if (pages === 0) continue;
    reusablePages += pages;
    reusableResources += 1;
  }
  return {
    type: 'plan' as const,
    resources: fetching.map((p) => ({ resource: p.resource.name, title: p.resource.title })),
    committed: plan.filter((p) => p.step.kind === 'skip' && p.step.reason === COMMITTED_EARLIER).length,
    reusablePages,
    reusableResources,
  };
}

/**
 * Lets a paged load read back the pages an interrupted run archived, when
 * last_activities says they still hold (reuse.ts). History's pages were
 * pinned by that run's end_at: the load asks the rest with the same end_at
 * and replaces the range up to it, so all its pages describe one instant.
 */
function resumeFrom(
  job: Job,
  resource: PagedResource,
  activities: ActivityValues,
  options: ExtractOptions,
): void {
  const archived = options.resume?.pagesOf(resource.name);
  if (archived === undefined || !stillValid(archived, activities)) return;
  if (resource.write.mode === 'windows') {
    if (archived.endAt === undefined) return;
    job.query = { ...job.query, end_at: archived.endAt };
    job.scope = { kind: 'range', column: resource.write.column, to: archived.endAt };
  }
  job.reuse = archived;
}

/**
 * The size of a resource's part of its table after a complete load, so its
 * line can say "N rows in the table" apart from what was fetched (a sync
 * fetches a window of history, not the table).
 */
async function withTableRows(
  outcome: ResourceOutcome,
  resource: { table: string; write: PagedResource['write'] },
  options: ExtractOptions,
): Promise<ResourceOutcome> {
  if (!outcome.complete) return outcome;
  return { ...outcome, tableRows: await options.store.countRows(resource.table, partOf(resource.write)) };
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
  if (remote === undefined) return false;
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
