import test from 'ava';
import type { Scope, Stage, Store } from '../../src/load/store.ts';
import type { ListItemRow, MovieRow } from '../../src/normalize/rows.ts';
import { AT, listItem as item, openStore } from './helpers.ts';

/**
 * Stages committed together (a group of lists' items): one transaction that
 * leaves the tables as the loads one after another would.
 */
const movie = (id: number, votes: number | null, title: string | null = `Movie ${id}`): MovieRow => ({
  trakt_id: id,
  slug: null,
  title,
  year: 2001,
  imdb_id: null,
  tmdb_id: null,
  runtime_min: 100,
  released: null,
  genres: ['drama'],
  certification: null,
  country: null,
  language: null,
  community_rating: null,
  votes,
});

const listScope = (list: number): Scope => ({ kind: 'where', equals: { list_trakt_id: list } });

async function listItems(store: Store): Promise<unknown[]> {
  return store.duck.all(
    'SELECT list_trakt_id::INT AS l, list_item_id::INT AS i, rank::INT AS r FROM list_items ORDER BY 1, 2',
  );
}

async function stageList(store: Store, items: ListItemRow[], movies: MovieRow[] = []): Promise<Stage> {
  const stage = await store.stage('list_items');
  await stage.add({ list_items: items, movies });
  return stage;
}

test('lists committed together replace each its own items, write every state and count changes per list', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  for (const list of [1, 2, 3]) {
    const stage = await stageList(store, [item(list, 10), item(list, 11)]);
    await stage.commit({ runId: run, at: AT, scope: listScope(list) });
  }
  const sync = await store.startRun('sync', AT);
  // List 1 loses item 11 and moves item 10; list 2 gains item 12; list 3 is not in the group.
  const stages = [
    await stageList(store, [item(1, 10, 7)]),
    await stageList(store, [item(2, 10), item(2, 11), item(2, 12)]),
  ];
  const result = await store.commitTogether(stages, {
    runId: sync,
    at: AT,
    scope: { kind: 'union', of: [listScope(1), listScope(2)] },
    extraState: [
      { resource: 'list_items:1', itemCount: 1 },
      { resource: 'list_items:2', itemCount: 3 },
    ],
    countBy: 'list_trakt_id',
  });
  // List 1's item 10 only moved: re-ranked, not changed.
  t.like(result, { inserted: 1, updated: 0, reranked: 1, deleted: 1 });
  t.deepEqual(result.by, {
    '1': { inserted: 0, updated: 0, deleted: 1, reranked: 1 },
    '2': { inserted: 1, updated: 0, deleted: 0 },
  });
  t.deepEqual(await listItems(store), [
    { l: 1, i: 10, r: 7 },
    { l: 2, i: 10, r: 10 },
    { l: 2, i: 11, r: 11 },
    { l: 2, i: 12, r: 12 },
    { l: 3, i: 10, r: 10 },
    { l: 3, i: 11, r: 11 },
  ]);
  const states = await store.syncState();
  t.is(states.get('list_items:1')?.itemCount, 1);
  t.is(states.get('list_items:2')?.itemCount, 3);
  t.is(states.get('list_items:2')?.runId, sync);
});

test("a movie staged by two lists takes the later stage's values, as two commits in that order would", async (t) => {
  const together = await openStore(t, 'together.duckdb');
  const oneByOne = await openStore(t, 'one-by-one.duckdb');
  const loads = [
    { list: 1, movies: [movie(5, 10), movie(6, 1, null)] },
    { list: 2, movies: [movie(5, 20), movie(5, 30, null), movie(6, null, 'Six')] },
  ];
  const run = await together.startRun('backup', AT);
  const stages = [];
  for (const load of loads) stages.push(await stageList(together, [item(load.list, 1)], load.movies));
  await together.commitTogether(stages, {
    runId: run,
    at: AT,
    scope: { kind: 'union', of: loads.map((load) => listScope(load.list)) },
  });
  const run2 = await oneByOne.startRun('backup', AT);
  for (const load of loads) {
    const stage = await stageList(oneByOne, [item(load.list, 1)], load.movies);
    await stage.commit({ runId: run2, at: AT, scope: listScope(load.list) });
  }
  const movies = (store: Store) =>
    store.duck.all('SELECT trakt_id::INT AS id, title, votes::INT AS votes FROM movies ORDER BY 1');
  t.deepEqual(await movies(together), [
    { id: 5, title: 'Movie 5', votes: 30 },
    { id: 6, title: 'Six', votes: 1 },
  ]);
  t.deepEqual(await movies(together), await movies(oneByOne));
  t.deepEqual(await listItems(together), await listItems(oneByOne));
});

test('a group that fails commits none of its lists, and its stages can be discarded', async (t) => {
  const store = await openStore(t);
  const run = await store.startRun('backup', AT);
  const stages = [await stageList(store, [item(1, 10)]), await stageList(store, [item(2, 10)])];
  await t.throwsAsync(
    store.commitTogether(stages, {
      runId: run,
      at: AT,
      scope: { kind: 'union', of: [listScope(1), { kind: 'where', equals: { no_such_column: 1 } }] },
      extraState: [{ resource: 'list_items:1', itemCount: 1 }],
    }),
    { message: /no_such_column/ },
  );
  t.deepEqual(await listItems(store), []);
  t.false((await store.syncState()).has('list_items:1'));
  for (const stage of stages) await stage.discard();
  await t.throwsAsync(store.commitTogether([], { runId: run, at: AT, scope: { kind: 'upsert' } }));
});
