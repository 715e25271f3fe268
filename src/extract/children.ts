import { ChildGroups } from './child-groups.ts';
import { pageThrough, unavailablePaged } from './fetch-paged.ts';
import type { RunContext } from './job.ts';
import { type ResourceOutcome, report, skipped, toOutcome } from './outcomes.ts';
import { type ChildrenPlan, childJobFor } from './planner.ts';
import type { Scope } from './ports.ts';
import type { ChildResource } from './resource.ts';
import { unavailableAnswer } from './unavailable.ts';

/**
 * Carries out a children plan (planner.ts planChildren): pages every due
 * child in parallel, commits them in groups (child-groups.ts), and removes
 * the children of parents that vanished. Throws when a child's paging
 * failed, after dropping what will never commit.
 */
export async function runChildren(
  child: ChildResource,
  plan: ChildrenPlan,
  user: string,
  run: RunContext,
): Promise<ResourceOutcome[]> {
  const tasks: Promise<ResourceOutcome>[] = [];
  const groups = new ChildGroups(run, child.scopeColumn);
  const paging: Promise<unknown>[] = [];
  for (const planned of plan.children) {
    if (planned.step.kind === 'skip') {
      tasks.push(Promise.resolve(skipped(planned.key, planned.title, planned.step.reason)));
      continue;
    }
    const job = childJobFor(child, planned, user);
    run.emit({ type: 'resource-start', resource: job.key, title: job.title });
    // A child whose items answer 404 (its list deleted meanwhile) is unavailable; the others go on.
    const paged = pageThrough(job, run).catch((error: unknown) => {
      const gone = unavailableAnswer(error, [job.path]);
      if (gone === undefined) throw error;
      return unavailablePaged(job, withoutFills(gone, planned.fills));
    });
    paging.push(paged);
    tasks.push(
      paged
        .then((done) => groups.add(done))
        .then((outcome) => {
          const result = toOutcome(job.title, outcome);
          report(run.emit, job.title, result);
          return result;
        }),
    );
  }
  // Settled from the start: a child failing while others are still paged must not go unhandled.
  const outcomes = Promise.allSettled(tasks);
  // Every child paged (or one failed): commit the last group, or drop what will never commit.
  const failed = (await Promise.allSettled(paging)).find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await groups.discard();
    await outcomes;
    throw failed.reason;
  }
  await groups.flush();
  const removals = plan.removed.map(({ key, id }) => removeChild(child, key, id, run));
  const results = [...(await outcomes), ...(await Promise.allSettled(removals))];
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/**
 * A reason with the parent's path columns put back as placeholders: a list
 * another user owns has its items under that user's slug, and other people's
 * names stay out of the run's output (docs/account.md).
 */
function withoutFills(reason: string, fills: Record<string, string>): string {
  let out = reason;
  for (const [placeholder, value] of Object.entries(fills))
    out = out.replaceAll(`/${encodeURIComponent(value)}/`, `/${placeholder}/`);
  return out;
}

/** A child whose parent vanished (a deleted list): its rows leave the mirror in one commit. */
async function removeChild(
  child: ChildResource,
  key: string,
  id: number,
  run: RunContext,
): Promise<ResourceOutcome> {
  const stage = await run.store.stage(child.table);
  const scope: Scope = { kind: 'where', equals: { [child.scopeColumn]: id } };
  const state = { resource: key, activities: { removed: run.runStart } };
  await run.archive.recordCommit({
    resource: key,
    table: child.table,
    normalizer: child.normalizer.name,
    context: { [child.contextKey]: id },
    scope,
    files: [],
    rows: 0,
    state,
    at: run.now(),
  });
  const merge = await stage.commit({ runId: run.runId, at: run.runStart, scope, state });
  return {
    key,
    title: `${child.title} of removed ${child.parentNoun} ${id}`,
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
