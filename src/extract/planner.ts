import type { RowBatch } from '../normalize/rows.ts';
import {
  type ActivityValues,
  activitiesChanged,
  changedFields,
  pickActivities,
  unknownActivity,
} from './activities.ts';
import type { Job, SingleJob } from './job.ts';
import type { ExtractMode } from './options.ts';
import type { PartValue, Scope, SyncState } from './ports.ts';
import type {
  ChildResource,
  PagedResource,
  Repair,
  Resource,
  SingleResource,
  WriteMode,
} from './resource.ts';

/**
 * What is due and why: pure functions from the catalog, the saved
 * sync_state and `/sync/last_activities` to a plan, decided before any page
 * is fetched and tested on its own (test/extract/planner.test.ts). The
 * runner carries the plan out; nothing here does I/O.
 */

/** What the plan does with one resource. */
export type Step =
  /** Not fetched: `reason` is what the outcome says, `event` what progress prints when it differs. */
  | { kind: 'skip'; reason: string; event?: string }
  /**
   * Only fields that can merely remove items moved (`removalsOnlyWhen`): one
   * request for Trakt's item count decides; equal to the local count, nothing
   * was removed and only the state moves.
   */
  | { kind: 'count-first'; path: string; why: string }
  /** Only the slices of the moved types whose counts moved (ratings-slices.ts); `moved` are the activity fields. */
  | { kind: 'slices'; path: string; moved: string[]; why: string }
  /** Fetched from `path` (this account's, `{user}` filled): whole, or (history on a sync) by the windows whose counts moved. */
  | { kind: 'pull'; path: string; windows: boolean; why: string };

export interface PlannedResource {
  resource: Resource;
  /** The resource's last_activities values now, saved with its state. */
  activities: ActivityValues;
  step: Step;
}

/** What a round's plan is decided from. */
export interface RoundInput {
  mode: ExtractMode;
  /** `me` or a user slug. */
  user: string;
  /** 1 for the run's first pass over the catalog; later rounds re-pull what moved meanwhile. */
  round: number;
  /** The answer of /sync/last_activities; undefined when not read (another user's account). */
  lastActivities: unknown;
  states: ReadonlyMap<string, SyncState>;
  /** The activities each resource was fetched with earlier in this run. */
  fetchedEarlier: ReadonlyMap<string, ActivityValues>;
  /** Killed, interrupted or failed runs whose committed resources need not be fetched again. */
  resumeRunIds?: readonly number[] | undefined;
}

/** The plan of one round: a step per catalog resource, in catalog order. */
export function planRound(catalog: readonly Resource[], input: RoundInput): PlannedResource[] {
  return catalog.map((resource) => planResource(resource, input));
}

export function planResource(resource: Resource, input: RoundInput): PlannedResource {
  const me = input.user === 'me';
  const template = me ? resource.path : resource.userPath;
  const activities = pickActivities(input.lastActivities, resource.activities);
  if (template === undefined) {
    const step: Step = { kind: 'skip', reason: 'only available for your own account', event: 'not public' };
    return { resource, activities, step };
  }
  const path = fill(template, input.user);
  const saved = input.states.get(resource.name);
  const earlier = input.fetchedEarlier.get(resource.name);
  if (input.round > 1 && earlier !== undefined && !activitiesChanged(earlier, activities)) {
    return { resource, activities, step: { kind: 'skip', reason: 'fetched earlier in this run' } };
  }
  const due = dueness(input, saved, activities, input.lastActivities !== undefined);
  if ('skip' in due) return { resource, activities, step: { kind: 'skip', reason: due.skip } };
  const only = resource.removalsOnlyWhen;
  if (input.mode === 'sync' && only !== undefined && saved !== undefined && !unknownActivity(activities)) {
    const moved = changedFields(saved.activities, activities);
    if (moved.length > 0 && moved.every((field) => only.includes(field))) {
      return { resource, activities, step: { kind: 'count-first', path, why: due.pull } };
    }
  }
  if (
    input.mode === 'sync' &&
    resource.pagination === 'pages' &&
    resource.slices !== undefined &&
    saved !== undefined &&
    me &&
    !unknownActivity(activities)
  ) {
    const moved = changedFields(saved.activities, activities);
    return { resource, activities, step: { kind: 'slices', path, moved, why: due.pull } };
  }
  const windows = resource.write.mode === 'windows' && input.mode === 'sync' && saved !== undefined;
  return { resource, activities, step: { kind: 'pull', path, windows, why: due.pull } };
}

/**
 * Whether a resource (or a child) with this saved state and these activity
 * values is due, and why. A field that is missing or null in
 * last_activities means "unknown": pull, never skip (docs/tolerance.md).
 */
export function dueness(
  input: Pick<RoundInput, 'mode' | 'resumeRunIds'>,
  saved: SyncState | undefined,
  activities: ActivityValues,
  known: boolean,
): { skip: string } | { pull: string } {
  if (saved === undefined) return { pull: 'never fetched' };
  if (!known) return { pull: 'no last_activities to compare (not your own account)' };
  if (unknownActivity(activities)) {
    const unknown = Object.keys(activities).filter((field) => activities[field] === null);
    return { pull: `unknown activity: ${unknown.join(', ')}` };
  }
  const unchanged = !activitiesChanged(saved.activities, activities);
  if (input.mode === 'sync' && unchanged) return { skip: 'unchanged' };
  if (saved.runId !== null && input.resumeRunIds?.includes(saved.runId) && unchanged) {
    return { skip: 'already committed by the interrupted run' };
  }
  if (input.mode === 'backup') return { pull: 'a backup fetches everything' };
  if (input.mode === 'sync-full') return { pull: 'a full sync fetches everything' };
  return { pull: `changed: ${changedFields(saved.activities, activities).join(', ')}` };
}

/** The part of its table a complete load of a resource replaces. */
export function scopeOf(write: WriteMode, runStart: string): Scope {
  switch (write.mode) {
    case 'replace':
      return { kind: 'all' };
    case 'replace-where':
      return { kind: 'where', equals: write.where };
    case 'windows':
      // Pinned at the run's start so plays added meanwhile cannot shift pages.
      return { kind: 'range', column: write.column, to: runStart };
    case 'snapshot':
      return { kind: 'snapshot' };
  }
}

/** The rows a resource's complete load covers, as column = value pairs (all rows: `{}`). */
export function partOf(write: WriteMode): Record<string, PartValue> {
  return write.mode === 'replace-where' ? write.where : {};
}

/** A paged resource's load. `collect` sees each normalized page. */
export function jobFor(
  resource: PagedResource,
  path: string,
  activities: ActivityValues,
  runStart: string,
  collect?: (batch: RowBatch) => void,
): Job {
  return {
    key: resource.name,
    title: resource.title,
    table: resource.table,
    primaryKey: resource.primaryKey,
    normalizer: resource.normalizer,
    context: { ...resource.context },
    path,
    query: { ...resource.query, ...(resource.write.mode === 'windows' ? { end_at: runStart } : {}) },
    scope: scopeOf(resource.write, runStart),
    state: { resource: resource.name, activities },
    ...(collect === undefined ? {} : { collect }),
    ...(resource.unpaged ? { unpaged: true } : {}),
    ...(resource.emptyWhen === undefined ? {} : { emptyWhen: resource.emptyWhen }),
  };
}

/** A single-object resource's load: its own path and its `also` paths, read together. */
export function singleJobFor(
  resource: SingleResource,
  path: string,
  activities: ActivityValues,
  user: string,
  runStart: string,
): SingleJob {
  const parts: Record<string, string> = { main: path };
  for (const [part, also] of Object.entries(resource.also ?? {})) parts[part] = fill(also, user);
  return {
    key: resource.name,
    title: resource.title,
    table: resource.table,
    primaryKey: resource.primaryKey,
    normalizer: resource.normalizer,
    context: {},
    path,
    query: { ...resource.query },
    scope: scopeOf(resource.write, runStart),
    state: { resource: resource.name, activities },
    parts,
  };
}

/** One parent row's child, and what the plan does with it. */
export interface PlannedChild {
  /** `<child name>:<parent key>`. */
  key: string;
  id: number;
  title: string;
  /** The parent's `changedWhen` columns: the child's activities. */
  activities: ActivityValues;
  /** The parent's count of the child's items, when it has one. */
  counted: number | undefined;
  /** The child's path placeholders filled from the parent's columns (`pathColumns`). */
  fills: Record<string, string>;
  step: { kind: 'skip'; reason: string } | { kind: 'pull'; why: string };
}

export interface ChildrenPlan {
  children: PlannedChild[];
  /** Children whose parent is gone (a deleted list): their rows leave the mirror. */
  removed: { key: string; id: number }[];
}

/**
 * Child resources (the items of each list): every parent's on a backup; on
 * a sync only those whose `changedWhen` columns moved. Children whose parent
 * no longer exists are removed.
 */
export function planChildren(
  child: ChildResource,
  parents: readonly Record<string, unknown>[],
  states: ReadonlyMap<string, SyncState>,
  input: Pick<RoundInput, 'mode' | 'resumeRunIds'>,
): ChildrenPlan {
  // A parent repeated at a page boundary is one parent.
  const byId = new Map(parents.map((row) => [Number(row[child.parentKey]), row]));
  const children: PlannedChild[] = [];
  for (const [id, row] of byId) {
    const key = `${child.name}:${id}`;
    const activities: ActivityValues = {};
    for (const column of child.changedWhen) {
      const value = row[column];
      activities[column] = value === null || value === undefined ? null : String(value);
    }
    const due = dueness(input, states.get(key), activities, true);
    const counted = child.countColumn === undefined ? undefined : row[child.countColumn];
    const fills: Record<string, string> = {};
    for (const [placeholder, column] of Object.entries(child.pathColumns ?? {})) {
      const value = row[column];
      if (typeof value === 'string' && value !== '') fills[placeholder] = value;
    }
    children.push({
      key,
      id,
      title: `${child.title} of ${String(row[child.labelColumn] ?? id)}`,
      activities,
      counted: typeof counted === 'number' ? counted : undefined,
      fills,
      step: 'skip' in due ? { kind: 'skip', reason: due.skip } : { kind: 'pull', why: due.pull },
    });
  }
  const removed: { key: string; id: number }[] = [];
  for (const key of states.keys()) {
    const id = Number(key.slice(child.name.length + 1));
    if (!key.startsWith(`${child.name}:`) || byId.has(id)) continue;
    removed.push({ key, id });
  }
  return { children, removed };
}

/** A child's load. */
export function childJobFor(child: ChildResource, planned: PlannedChild, user: string): Job {
  const job: Job = {
    key: planned.key,
    title: planned.title,
    table: child.table,
    primaryKey: child.primaryKey,
    normalizer: child.normalizer,
    context: { [child.contextKey]: planned.id },
    path: childPath(child, planned, user),
    query: { ...child.query },
    scope: { kind: 'where', equals: { [child.scopeColumn]: planned.id } },
    state: { resource: planned.key, activities: planned.activities },
  };
  const counted = planned.counted;
  if (counted !== undefined) {
    job.expectedCount = async () => ({
      count: counted,
      source: `the ${child.parentNoun}'s ${child.countColumn}`,
    });
  }
  return job;
}

/**
 * A child's path: `{user}`, `{id}` and the parent's columns filled in. A
 * parent without such a column (a row from before it existed) falls back to
 * `{user}`: the account's own.
 */
function childPath(child: ChildResource, planned: PlannedChild, user: string): string {
  let path = child.path;
  for (const placeholder of Object.keys(child.pathColumns ?? {})) {
    const value = planned.fills[placeholder];
    path = path.replace(placeholder, value === undefined ? '{user}' : encodeURIComponent(value));
  }
  return fill(path, user).replace('{id}', String(planned.id));
}

/** What the outcomes of a round say about a resource. */
export interface RoundSoFar {
  /** Fetched complete in this round, or known current (unchanged, or committed by an interrupted run). */
  current(key: string): boolean;
  /** Fetched complete in this round. */
  synced(key: string): boolean;
}

export function roundSoFar(
  outcomes: readonly { key: string; complete: boolean; skipped?: string }[],
): RoundSoFar {
  const current = (key: string) => outcomes.some((o) => o.key === key && o.complete);
  return {
    current,
    synced: (key) => current(key) && outcomes.some((o) => o.key === key && o.skipped === undefined),
  };
}

/**
 * The repairs due after a round: a sync of your own account that fetched
 * the resource complete, once every resource the repair reads is current.
 */
export function planRepairs(
  catalog: readonly Resource[],
  round: RoundSoFar,
  input: Pick<RoundInput, 'mode' | 'user'>,
): { resource: PagedResource; repair: Repair }[] {
  if (input.user !== 'me' || input.mode !== 'sync') return [];
  return catalog.flatMap((resource) => {
    if (resource.pagination !== 'pages' || resource.repair === undefined) return [];
    const { repair } = resource;
    return round.synced(resource.name) && repair.after.every((name) => round.current(name))
      ? [{ resource, repair }]
      : [];
  });
}

/** A path with `{user}` filled in. */
export function fill(path: string, user: string): string {
  return path.replace('{user}', encodeURIComponent(user));
}
