import test from 'ava';
import fc from 'fast-check';
import { catalog } from '../../pipelines/catalog.ts';
import { pickActivities } from '../../src/extract/activities.ts';
import {
  jobFor,
  type PlannedResource,
  planChildren,
  planRepairs,
  planRound,
  type RoundInput,
  roundSoFar,
  scopeOf,
} from '../../src/extract/planner.ts';
import type { SyncState } from '../../src/extract/ports.ts';
import type { ChildResource, PagedResource } from '../../src/extract/resource.ts';
import { ACTIVITY_FIELDS, T0, T1 } from './account.ts';
import { activitiesAt, withActivity } from './fakes.ts';

/**
 * The planner is pure: what is due and why, from the catalog, the saved
 * sync_state and last_activities. These cases hold it against the
 * catalog's own declarations, for every field and random sets of them.
 */

const BASE = activitiesAt(ACTIVITY_FIELDS, T0);

/** The states a complete backup at BASE leaves, each written by `runId`. */
function savedAt(lastActivities: unknown, runId = 1): Map<string, SyncState> {
  const states = new Map<string, SyncState>();
  for (const resource of catalog) {
    states.set(resource.name, {
      resource: resource.name,
      activities: pickActivities(lastActivities, resource.activities),
      cursor: null,
      itemCount: null,
      runId,
      updatedAt: T0,
    });
  }
  return states;
}

function input(overrides: Partial<RoundInput>): RoundInput {
  return {
    mode: 'sync',
    user: 'me',
    round: 1,
    lastActivities: BASE,
    states: savedAt(BASE),
    fetchedEarlier: new Map(),
    ...overrides,
  };
}

function byName(plan: PlannedResource[]): Map<string, PlannedResource['step']> {
  return new Map(plan.map((p) => [p.resource.name, p.step]));
}

test('nothing moved: a sync skips every resource as unchanged', (t) => {
  const plan = planRound(catalog, input({}));
  t.deepEqual(
    plan.map((p) => p.step),
    catalog.map(() => ({ kind: 'skip', reason: 'unchanged' })),
  );
});

test('any set of moved fields makes due exactly the resources listening to one, each with its why', (t) => {
  fc.assert(
    fc.property(fc.subarray(ACTIVITY_FIELDS, { minLength: 1 }), (moved) => {
      let now = BASE;
      for (const field of moved) now = withActivity(now, field, T1);
      const steps = byName(planRound(catalog, input({ lastActivities: now })));
      for (const resource of catalog) {
        const step = steps.get(resource.name);
        const fields = resource.activities.filter((field) => moved.includes(field));
        if (fields.length === 0) {
          t.deepEqual(step, { kind: 'skip', reason: 'unchanged' });
          continue;
        }
        const path = resource.path.replace('{user}', 'me');
        const why = `changed: ${fields.join(', ')}`;
        const countFirst = fields.every((field) => resource.removalsOnlyWhen?.includes(field) === true);
        const slices = resource.pagination === 'pages' && resource.slices !== undefined;
        t.deepEqual(
          step,
          slices
            ? { kind: 'slices', path, moved: fields, why }
            : countFirst
              ? { kind: 'count-first', path, why }
              : { kind: 'pull', path, windows: resource.write.mode === 'windows', why },
          resource.name,
        );
      }
    }),
    { numRuns: 200, seed: 1515 },
  );
});

test('a field missing or null in last_activities makes its resources due as unknown, whatever was saved', (t) => {
  fc.assert(
    fc.property(
      fc.subarray(ACTIVITY_FIELDS, { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      (unknown, asNull) => {
        let now = BASE;
        for (const field of unknown) now = withActivity(now, field, asNull ? null : undefined);
        // Saved as unknown too: an unchanged unknown is still unknown.
        const steps = byName(planRound(catalog, input({ lastActivities: now, states: savedAt(now) })));
        for (const resource of catalog) {
          const fields = resource.activities.filter((field) => unknown.includes(field));
          const step = steps.get(resource.name);
          if (fields.length === 0) t.deepEqual(step, { kind: 'skip', reason: 'unchanged' });
          else t.like(step, { kind: 'pull', why: `unknown activity: ${fields.join(', ')}` }, resource.name);
        }
      },
    ),
    { numRuns: 100, seed: 1516 },
  );
});

test('a backup pulls everything, except what an interrupted run committed and nothing moved since', (t) => {
  const fresh = planRound(catalog, input({ mode: 'backup', states: new Map() }));
  t.true(fresh.every((p) => p.step.kind === 'pull' && p.step.why === 'never fetched'));
  const again = planRound(catalog, input({ mode: 'backup' }));
  t.true(again.every((p) => p.step.kind === 'pull' && p.step.why === 'a backup fetches everything'));
  t.true(
    again.every((p) => p.step.kind === 'pull' && !p.step.windows),
    'a backup pages history whole',
  );
  const moved = withActivity(BASE, 'lists.updated_at', T1);
  const resumed = byName(
    planRound(catalog, input({ mode: 'backup', lastActivities: moved, resumeRunIds: [1] })),
  );
  for (const resource of catalog) {
    const step = resumed.get(resource.name);
    if (resource.activities.includes('lists.updated_at')) t.like(step, { kind: 'pull' }, resource.name);
    else
      t.deepEqual(step, { kind: 'skip', reason: 'already committed by the interrupted run' }, resource.name);
  }
  const full = planRound(catalog, input({ mode: 'sync-full' }));
  t.true(full.every((p) => p.step.kind === 'pull' && p.step.why === 'a full sync fetches everything'));
});

test('a later round skips what it fetched with the same activities, and re-pulls what moved meanwhile', (t) => {
  const earlier = new Map(
    planRound(catalog, input({ mode: 'backup' })).map((p) => [p.resource.name, p.activities]),
  );
  const moved = withActivity(BASE, 'movies.rated_at', T1);
  const steps = byName(
    planRound(
      catalog,
      input({ round: 2, fetchedEarlier: earlier, lastActivities: moved, states: new Map() }),
    ),
  );
  for (const resource of catalog) {
    if (resource.activities.includes('movies.rated_at')) t.like(steps.get(resource.name), { kind: 'pull' });
    else t.deepEqual(steps.get(resource.name), { kind: 'skip', reason: 'fetched earlier in this run' });
  }
});

test("another user's account: paths with {user} filled, and what has no public path skipped as not public", (t) => {
  const plan = planRound(catalog, input({ user: 'jo bo', lastActivities: undefined, states: new Map() }));
  for (const { resource, step } of plan) {
    if (resource.userPath === undefined) {
      t.deepEqual(step, { kind: 'skip', reason: 'only available for your own account', event: 'not public' });
    } else {
      t.like(step, {
        kind: 'pull',
        path: resource.userPath.replace('{user}', 'jo%20bo'),
        why: 'never fetched',
      });
    }
  }
  const known = planRound(catalog, input({ user: 'jo', lastActivities: undefined }));
  t.true(
    known.every(
      (p) =>
        p.step.kind === 'skip' ||
        (p.step.kind === 'pull' && p.step.why === 'no last_activities to compare (not your own account)'),
    ),
  );
});

test('each write mode gives its scope; history is pinned at the run start', (t) => {
  const start = '2026-03-01T00:00:00.000Z';
  t.deepEqual(scopeOf({ mode: 'replace' }, start), { kind: 'all' });
  t.deepEqual(scopeOf({ mode: 'replace-where', where: { section: 'dropped' } }, start), {
    kind: 'where',
    equals: { section: 'dropped' },
  });
  t.deepEqual(scopeOf({ mode: 'windows', column: 'watched_at' }, start), {
    kind: 'range',
    column: 'watched_at',
    to: start,
  });
  t.deepEqual(scopeOf({ mode: 'snapshot' }, start), { kind: 'snapshot' });
  const plays = catalog.find((r) => r.name === 'plays') as PagedResource;
  const job = jobFor(plays, '/sync/history', { 'movies.watched_at': T0 }, start);
  t.like(job, { query: { extended: 'full', end_at: start }, table: 'plays', primaryKey: ['history_id'] });
  const hidden = catalog.find((r) => r.name === 'hidden_dropped') as PagedResource;
  t.like(jobFor(hidden, '/users/hidden/dropped', {}, start), {
    context: { section: 'dropped' },
    scope: { kind: 'where', equals: { section: 'dropped' } },
  });
});

const listItems = (catalog.find((r) => r.name === 'lists') as PagedResource).children as ChildResource;

function listRow(id: number, updatedAt: string, items: number | null) {
  return { list_trakt_id: id, name: `List ${id}`, updated_at: updatedAt, item_count: items };
}

function childState(key: string, updatedAt: string, items: number): SyncState {
  return {
    resource: key,
    activities: { updated_at: updatedAt, item_count: String(items) },
    cursor: null,
    itemCount: null,
    runId: 1,
    updatedAt: T0,
  };
}

test('children: only lists whose updated_at or item_count moved are due; lists that vanished are removed', (t) => {
  const states = new Map([
    ['list_items:1', childState('list_items:1', T0, 2)],
    ['list_items:2', childState('list_items:2', T0, 2)],
    ['list_items:3', childState('list_items:3', T0, 5)],
    ['lists', childState('lists', T0, 0)],
  ]);
  const parents = [
    listRow(1, T0, 2),
    listRow(2, T1, 2),
    listRow(4, T0, null),
    // Repeated at a page boundary: still one list.
    listRow(1, T0, 2),
  ];
  const plan = planChildren(listItems, parents, states, { mode: 'sync' });
  t.deepEqual(
    plan.children.map((c) => [c.key, c.title, c.step.kind, c.counted]),
    [
      ['list_items:1', 'list items of List 1', 'skip', 2],
      ['list_items:2', 'list items of List 2', 'pull', 2],
      ['list_items:4', 'list items of List 4', 'pull', undefined],
    ],
  );
  t.like(plan.children[1]?.step, { why: 'changed: updated_at' });
  t.like(plan.children[2]?.step, { why: 'never fetched' });
  t.deepEqual(plan.removed, [{ key: 'list_items:3', id: 3 }]);
  const backup = planChildren(listItems, parents, states, { mode: 'backup' });
  t.true(backup.children.every((c) => c.step.kind === 'pull'));
});

test('the play-count repair runs only after a sync of your own history, once both watched resources are current', (t) => {
  const outcome = (key: string, complete = true, skipped?: string) => ({
    key,
    complete,
    ...(skipped === undefined ? {} : { skipped }),
  });
  const cases: [string, ReturnType<typeof outcome>[], Partial<RoundInput>, boolean][] = [
    ['all synced', [outcome('plays'), outcome('watched_movies'), outcome('watched_shows')], {}, true],
    [
      'watched unchanged',
      [outcome('plays'), outcome('watched_movies', true, 'unchanged'), outcome('watched_shows')],
      {},
      true,
    ],
    ['history unchanged', [outcome('plays', true, 'unchanged'), outcome('watched_movies')], {}, false],
    [
      'history incomplete',
      [outcome('plays', false), outcome('watched_movies'), outcome('watched_shows')],
      {},
      false,
    ],
    [
      'watched incomplete',
      [outcome('plays'), outcome('watched_movies', false), outcome('watched_shows')],
      {},
      false,
    ],
    [
      'a backup',
      [outcome('plays'), outcome('watched_movies'), outcome('watched_shows')],
      { mode: 'backup' },
      false,
    ],
    [
      'another user',
      [outcome('plays'), outcome('watched_movies'), outcome('watched_shows')],
      { user: 'jo' },
      false,
    ],
  ];
  for (const [name, outcomes, overrides, due] of cases) {
    const repairs = planRepairs(catalog, roundSoFar(outcomes), { mode: 'sync', user: 'me', ...overrides });
    t.deepEqual(
      repairs.map((r) => [r.resource.name, r.repair.kind]),
      due ? [['plays', 'play-counts']] : [],
      name,
    );
  }
});

test('moved rated_at fields make ratings a slices step on a sync of your own account, a pull otherwise', (t) => {
  const now = withActivity(withActivity(BASE, 'movies.rated_at', T1), 'episodes.rated_at', T1);
  const why = 'changed: movies.rated_at, episodes.rated_at';
  t.deepEqual(byName(planRound(catalog, input({ lastActivities: now }))).get('ratings'), {
    kind: 'slices',
    path: '/sync/ratings/all',
    moved: ['movies.rated_at', 'episodes.rated_at'],
    why,
  });
  t.like(byName(planRound(catalog, input({ lastActivities: now, mode: 'sync-full' }))).get('ratings'), {
    kind: 'pull',
  });
  t.like(byName(planRound(catalog, input({ lastActivities: now, states: new Map() }))).get('ratings'), {
    kind: 'pull',
    why: 'never fetched',
  });
});
