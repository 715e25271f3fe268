import type PQueue from 'p-queue';
import { commitState } from './commit-state.ts';
import { fetchPaged } from './fetch-paged.ts';
import type { RunLookups } from './id-lookups.ts';
import type { Job, RunContext } from './job.ts';
import type { ExtractOptions } from './options.ts';
import { type ResourceOutcome, toOutcome } from './outcomes.ts';
import { childJobFor, fill, jobFor, partOf } from './planner.ts';
import type { ChildResource, PagedResource } from './resource.ts';
import {
  compareOrder,
  pagesOf,
  planScrub,
  type ScrubCursor,
  type ScrubPart,
  type ScrubSettings,
  type ScrubSummary,
  SEGMENT,
  WINDOW_PLAYS,
} from './scrub.ts';

/** The sync_state row the rotation lives in (its `cursor`). */
export const SCRUB_STATE = 'scrub';

const RATED = [
  ['movie', 'movies'],
  ['show', 'shows'],
  ['season', 'seasons'],
  ['episode', 'episodes'],
] as const;
const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * After a sync's rounds: the part of the account that is due (scrub.ts),
 * re-paged and merged into the mirror like any complete load, so what it
 * finds lands in change_log. Each part's load carries the rotation's next
 * state in its own commit, so a run killed halfway resumes at the first part
 * it had not committed. A backup or a full sync verified everything: the
 * rotation starts a new pass. Another user's account has no scrub.
 */
export async function runScrub(
  options: ExtractOptions,
  queue: PQueue,
  lookups: RunLookups,
): Promise<{ outcomes: ResourceOutcome[]; summary: ScrubSummary } | undefined> {
  const settings = options.scrub;
  if (settings === undefined || settings.periodMs === null || options.user !== 'me') return undefined;
  const run = contextOf(options, queue, lookups);
  const states = await options.store.syncState();
  const stored = asCursor(states.get(SCRUB_STATE)?.cursor);
  const census = await censusOf(options, states);
  const now = Date.parse(run.runStart);
  const summary: ScrubSummary = { requests: 0, repaired: 0, parts: 0 };
  const anchor = census.anchor;
  if (options.mode !== 'sync') {
    // Everything was just verified: the pass starts again from the beginning.
    const plan = planScrub({
      parts: census.parts,
      cursor: undefined,
      now,
      periodMs: settings.periodMs,
      cap: 0,
    });
    if (plan.start === undefined) return undefined;
    const verified = Object.fromEntries(census.parts.map((p) => [p.key, run.runStart]));
    await commitState(anchor, run, { resource: SCRUB_STATE, cursor: { ...plan.start, verified } });
    return { outcomes: [], summary };
  }
  const historyLeft =
    stored !== undefined && stored.next.order[0] === SEGMENT.plays
      ? pagesOf(await options.store.countRange('plays', 'watched_at', stored.next.from, undefined))
      : undefined;
  const plan = planScrub({
    parts: census.parts,
    cursor: stored,
    now,
    periodMs: settings.periodMs,
    cap: settings.cap,
    ...(historyLeft === undefined ? {} : { historyLeft }),
  });
  if (plan.start !== undefined) {
    await commitState(anchor, run, { resource: SCRUB_STATE, cursor: plan.start });
    return { outcomes: [], summary };
  }
  if (stored === undefined || plan.due.length === 0) return { outcomes: [], summary };
  const ordered = [...census.parts].sort((a, b) => compareOrder(a.order, b.order));
  let cursor: ScrubCursor = { ...stored, at: run.runStart, credit: plan.credit, passCost: plan.passCost };
  const outcomes: ResourceOutcome[] = [];
  let historyDone = false;
  for (const part of plan.due) {
    if (part.key === 'plays' && historyDone) continue;
    const load = await loadFor(part, cursor, census, run, settings);
    const after = advance(cursor, part, load.historyTo, ordered, run.runStart);
    if (part.key === 'plays' && load.historyTo === undefined) historyDone = true;
    const job: Job = { ...load.job, state: { resource: SCRUB_STATE, cursor: after } };
    const outcome = toOutcome(job.title, await fetchPaged(job, run));
    outcomes.push(outcome);
    summary.requests += outcome.requests;
    summary.repaired += outcome.inserted + outcome.updated + outcome.deleted;
    // An incomplete part moves nothing: it is verified again by the next sync that scrubs.
    if (!outcome.complete) break;
    summary.parts += 1;
    cursor = after;
  }
  return { outcomes, summary };
}

/** The rotation as the mirror stands: its parts and the jobs they come from. */
interface Census {
  parts: ScrubPart[];
  history: PagedResource | undefined;
  ratings: PagedResource | undefined;
  resources: Map<string, PagedResource>;
  lists: { child: ChildResource; ids: Set<number> } | undefined;
  /** A job to carry the state of a commit without rows (the first paged resource). */
  anchor: Job;
}

async function censusOf(
  options: ExtractOptions,
  states: ReadonlyMap<string, { resource: string }>,
): Promise<Census> {
  const { store, catalog } = options;
  const parts: ScrubPart[] = [];
  const paged = catalog.filter((r): r is PagedResource => r.pagination === 'pages');
  const history = paged.find((r) => r.write.mode === 'windows');
  if (history !== undefined) {
    const plays = await store.countRange(history.table, windowColumn(history), undefined, undefined);
    const windows = Math.max(1, Math.ceil(plays / WINDOW_PLAYS));
    parts.push({ key: 'plays', order: [SEGMENT.plays, 0], cost: Math.max(windows, pagesOf(plays)) });
  }
  const ratings = paged.find((r) => r.table === 'ratings');
  if (ratings !== undefined) {
    for (const [i, [mediaType]] of RATED.entries()) {
      const rows = await store.countRows(ratings.table, { media_type: mediaType });
      parts.push({ key: `ratings:${mediaType}`, order: [SEGMENT.ratings, i], cost: pagesOf(rows) });
    }
  }
  const resources = new Map<string, PagedResource>();
  for (const [i, resource] of catalog.entries()) {
    if (resource.pagination !== 'pages' || resource === ratings) continue;
    if (resource.write.mode !== 'replace' && resource.write.mode !== 'replace-where') continue;
    const rows = await store.countRows(resource.table, partOf(resource.write));
    resources.set(resource.name, resource);
    parts.push({ key: resource.name, order: [SEGMENT.resources, i], cost: pagesOf(rows) });
  }
  const parent = paged.find((r) => r.children !== undefined);
  let lists: Census['lists'];
  if (parent?.children !== undefined) {
    const child = parent.children;
    const ids = new Set<number>();
    for (const key of states.keys()) {
      if (!key.startsWith(`${child.name}:`)) continue;
      const id = Number(key.slice(child.name.length + 1));
      if (!Number.isSafeInteger(id)) continue;
      ids.add(id);
      const rows = await store.countRows(child.table, { [child.scopeColumn]: id });
      parts.push({ key: `${child.name}:${id}`, order: [SEGMENT.lists, id], cost: pagesOf(rows) });
    }
    lists = { child, ids };
  }
  const first = history ?? paged[0];
  if (first === undefined) throw new Error('the catalog has no paged resource');
  const anchor = { ...jobFor(first, fill(first.path, options.user), {}, options.runStart), key: SCRUB_STATE };
  return { parts, history, ratings, resources, lists, anchor };
}

/** The load that verifies one part; for a history window, also where it ends (undefined: history's last). */
async function loadFor(
  part: ScrubPart,
  cursor: ScrubCursor,
  census: Census,
  run: RunContext,
  settings: ScrubSettings,
): Promise<{ job: Job; historyTo?: string }> {
  const [segment] = part.order;
  if (segment === SEGMENT.plays && census.history !== undefined) {
    const resource = census.history;
    const column = windowColumn(resource);
    const from = cursor.next.order[0] === SEGMENT.plays ? (cursor.next.from ?? EPOCH) : EPOCH;
    const last = await settings.nthAfter(resource.table, column, from, WINDOW_PLAYS + 1);
    // The window ends just before the play that would make it one too many (plays sharing a second stay together).
    const cut = last === undefined ? undefined : new Date(Date.parse(last) - 1).toISOString();
    const to = cut === undefined || cut < from ? run.runStart : cut;
    const job = stateless(jobFor(resource, resource.path, {}, run.runStart));
    return {
      job: {
        ...job,
        key: `scrub:plays:${from.slice(0, 10)}`,
        title: `history from ${from.slice(0, 10)} (scrub)`,
        query: { ...job.query, start_at: from, end_at: to },
        scope: { kind: 'range', column, from, to },
      },
      ...(to === run.runStart ? {} : { historyTo: to }),
    };
  }
  if (segment === SEGMENT.ratings && census.ratings !== undefined) {
    const [mediaType, plural] = RATED[part.order[1]] ?? RATED[0];
    const job = stateless(jobFor(census.ratings, `/sync/ratings/${plural}`, {}, run.runStart));
    return {
      job: {
        ...job,
        key: `scrub:ratings:${mediaType}`,
        title: `ratings (${plural}, scrub)`,
        scope: { kind: 'where', equals: { media_type: mediaType } },
      },
    };
  }
  if (segment === SEGMENT.lists && census.lists !== undefined) {
    const { child } = census.lists;
    const id = part.order[1];
    const job = childJobFor(
      child,
      {
        key: part.key,
        id,
        title: `${child.title} of ${child.parentNoun} ${id}`,
        activities: {},
        counted: undefined,
        fills: {},
        step: { kind: 'pull', why: 'scrub' },
      },
      'me',
    );
    return { job: { ...stateless(job), key: `scrub:${part.key}`, title: `${job.title} (scrub)` } };
  }
  const resource = census.resources.get(part.key);
  if (resource === undefined) throw new Error(`scrub: no resource ${part.key}`);
  const job = stateless(jobFor(resource, fill(resource.path, 'me'), {}, run.runStart));
  return { job: { ...job, key: `scrub:${resource.name}`, title: `${resource.title} (scrub)` } };
}

/** The cursor once `part` is verified: the next part (or window), the credit spent, the time noted. */
export function advance(
  cursor: ScrubCursor,
  part: ScrubPart,
  historyTo: string | undefined,
  ordered: readonly ScrubPart[],
  at: string,
): ScrubCursor {
  const verified = { ...cursor.verified };
  const credit = Math.max(0, cursor.credit - part.cost);
  const spent = (cursor.spent ?? 0) + part.cost;
  if (part.key === 'plays' && historyTo !== undefined) {
    const from = new Date(Date.parse(historyTo) + 1).toISOString();
    return { ...cursor, credit, spent, historyUpTo: historyTo, next: { order: [SEGMENT.plays, 0], from } };
  }
  verified[part.key] = at;
  const { historyUpTo: _done, ...rest } = cursor;
  const following = ordered.find((p) => compareOrder(p.order, part.order) > 0);
  if (following !== undefined) {
    return {
      ...rest,
      ...(part.key === 'plays' ? {} : keepHistory(cursor)),
      credit,
      verified,
      next: { order: [...following.order] },
    };
  }
  // Wrapped around: a new pass begins.
  const first = ordered[0]?.order ?? [0, 0];
  return { ...rest, credit, spent: 0, verified, next: { order: [...first] }, passStartedAt: at };
}

function keepHistory(cursor: ScrubCursor): Partial<ScrubCursor> {
  return cursor.historyUpTo === undefined ? {} : { historyUpTo: cursor.historyUpTo };
}

function stateless(job: Job): Job {
  const { state: _state, collect: _collect, expectedCount: _count, ...rest } = job;
  return rest;
}

function windowColumn(resource: PagedResource): string {
  return resource.write.mode === 'windows' ? resource.write.column : 'watched_at';
}

function contextOf(options: ExtractOptions, queue: PQueue, lookups: RunLookups): RunContext {
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
    lookups,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

/** The stored cursor, or undefined when there is none or it cannot be read (the rotation then begins again). */
export function asCursor(value: unknown): ScrubCursor | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const c = value as Partial<ScrubCursor>;
  const order = c.next?.order;
  if (
    typeof c.at !== 'string' ||
    typeof c.credit !== 'number' ||
    typeof c.passStartedAt !== 'string' ||
    typeof c.passCost !== 'number' ||
    !Array.isArray(order) ||
    order.length !== 2 ||
    typeof c.verified !== 'object' ||
    c.verified === null
  ) {
    return undefined;
  }
  return c as ScrubCursor;
}
