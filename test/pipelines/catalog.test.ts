import anyTest, { type TestFn } from 'ava';
import { catalog } from '../../pipelines/catalog.ts';
import { pickActivities } from '../../src/extract/activities.ts';
import type { ChildResource, PagedResource, Resource } from '../../src/extract/resource.ts';
import { normalizerNamed, singleNormalizerNamed } from '../../src/normalize/registry.ts';
import { MEDIA_TABLES, PART_COLUMNS, PRIMARY_KEYS, type RowBatch } from '../../src/normalize/rows.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';

/**
 * The catalog (pipelines/catalog.ts) is the single source of what traktdb
 * fetches; these cases hold every entry against the normalizer registry and
 * the simulator's answers on the tiny profile: each normalizer is the
 * registry's under its archived name and writes the entry's table with its
 * primary key filled, each path (own, another user's, the `also` parts,
 * the children's) is served, and each activity field is one the
 * simulator's full last_activities answer carries.
 */

interface Answer {
  status: number;
  json: unknown;
}

const test = anyTest as TestFn<{ sim: Simulator; get: (path: string) => Promise<Answer> }>;

test.before(async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 15, rateLimit: { limit: 1000, windowMs: 1000 } });
  const headers = {
    'trakt-api-key': sim.clientId,
    'trakt-api-version': '2',
    Authorization: `Bearer ${sim.accessToken}`,
  };
  t.context = {
    sim,
    get: async (path) => {
      const response = await fetch(`${sim.url}${path}`, { headers });
      return { status: response.status, json: await response.json() };
    },
  };
});

test.after.always(async (t) => {
  await t.context.sim?.close();
});

function query(resource: { query?: Record<string, string> }): string {
  return new URLSearchParams({ ...resource.query, page: '1', limit: '250' }).toString();
}

const paged = catalog.filter((r): r is PagedResource => r.pagination === 'pages');
const children = paged.flatMap((r) => (r.children === undefined ? [] : [[r, r.children] as const]));

/** The rows of `items` that `normalize` gives, merged. */
function rowsOf(normalize: (item: unknown, index: number) => RowBatch, items: unknown[]): RowBatch {
  const merged: Record<string, unknown[]> = {};
  for (const [index, item] of items.entries()) {
    for (const [table, rows] of Object.entries(normalize(item, index))) {
      merged[table] = [...(merged[table] ?? []), ...(rows ?? [])];
    }
  }
  return merged as RowBatch;
}

/** The mirror tables a batch holds rows for (media tables come with every normalizer). */
function mirrorTables(batch: RowBatch): string[] {
  return Object.keys(batch).filter((table) => !MEDIA_TABLES.some((media) => media === table));
}

function keyFilled(
  t: { true: (value: boolean, message: string) => void },
  entry: Resource | ChildResource,
  batch: RowBatch,
): void {
  const rows = (batch[entry.table] ?? []) as object[] as Record<string, unknown>[];
  t.true(rows.length > 0, `${entry.name}: rows for ${entry.table}`);
  for (const row of rows) {
    t.true(
      entry.primaryKey.every((column) => row[column] !== null && row[column] !== undefined),
      `${entry.name}: every row has its primary key ${entry.primaryKey.join(', ')}`,
    );
  }
}

test("names are unique, every table is the normalizer's, and every key is the table's", (t) => {
  const names = [...catalog.map((r) => r.name), ...children.map(([, child]) => child.name)];
  t.is(new Set(names).size, names.length);
  for (const entry of [...catalog, ...children.map(([, child]) => child)]) {
    t.is(entry.table, entry.normalizer.table, entry.name);
    t.deepEqual(entry.primaryKey, PRIMARY_KEYS[entry.table], entry.name);
  }
  for (const resource of catalog) {
    const found =
      resource.pagination === 'pages'
        ? normalizerNamed(resource.normalizer.name)
        : singleNormalizerNamed(resource.normalizer.name);
    t.is(found, resource.normalizer, `${resource.name}: the archive's name finds the same normalizer`);
  }
  for (const [, child] of children) t.is(normalizerNamed(child.normalizer.name), child.normalizer);
});

test('the rules reference what exists: removals within activities, repairs after catalog resources', (t) => {
  const names = new Set(catalog.map((r) => r.name));
  for (const resource of catalog) {
    for (const field of resource.removalsOnlyWhen ?? [])
      t.true(resource.activities.includes(field), resource.name);
    if (resource.pagination !== 'pages') continue;
    for (const name of resource.repair?.after ?? [])
      t.true(names.has(name), `${resource.name} repairs after ${name}`);
    // A shared table's part is named by key columns (or a column its normalizer sets from the
    // endpoint, PART_COLUMNS), so the parts of one table never overlap.
    if (resource.write.mode === 'replace-where') {
      const key = [...PRIMARY_KEYS[resource.table], ...(PART_COLUMNS[resource.table] ?? [])] as string[];
      for (const column of Object.keys(resource.write.where)) t.true(key.includes(column), resource.name);
    }
  }
  t.is(catalog.filter((r) => r.write.mode === 'snapshot').length, 1);
});

test("every paged entry is served, and its normalizer writes the entry's table and nothing else", async (t) => {
  const { get } = t.context;
  for (const resource of paged) {
    const own = await get(`${resource.path.replace('{user}', 'me')}?${query(resource)}`);
    t.is(own.status, 200, resource.path);
    t.true(Array.isArray(own.json), resource.path);
    const items = own.json as unknown[];
    t.true(items.length > 0, `${resource.name}: the tiny profile has items`);
    const batch = rowsOf(
      (item, index) =>
        resource.normalizer.normalize(item, { source: `GET ${resource.path}`, index, ...resource.context }),
      items,
    );
    t.deepEqual(mirrorTables(batch), [resource.table], resource.name);
    keyFilled(t, resource, batch);
    if (resource.write.mode === 'windows') {
      const { column } = resource.write;
      const rows = (batch[resource.table] ?? []) as object[] as Record<string, unknown>[];
      t.true(
        rows.every((row) => typeof row[column] === 'string'),
        `${resource.name}: windowed by ${column}`,
      );
    }
    if (resource.write.mode === 'replace-where') {
      const rows = (batch[resource.table] ?? []) as object[] as Record<string, unknown>[];
      const { where } = resource.write;
      t.true(
        rows.every((row) => Object.entries(where).every(([column, value]) => row[column] === value)),
        `${resource.name}: every row lies in its part`,
      );
    }
  }
});

test("every single entry is served with its parts, and its normalizer writes the entry's table", async (t) => {
  const { get } = t.context;
  for (const resource of catalog) {
    if (resource.pagination !== 'single') continue;
    const parts: Record<string, unknown> = {};
    const paths = { main: resource.path, ...resource.also };
    for (const [part, path] of Object.entries(paths)) {
      const answer = await get(`${path.replace('{user}', 'me')}?${query(resource)}`);
      t.is(answer.status, 200, path);
      parts[part] = answer.json;
    }
    const batch = resource.normalizer.normalize(parts, '2026-11-01T00:00:00.000Z');
    t.deepEqual(mirrorTables(batch), [resource.table], resource.name);
    keyFilled(t, resource, batch);
  }
});

test('every path for another user is served when asked with the account slug', async (t) => {
  const { get, sim } = t.context;
  let served = 0;
  for (const resource of catalog) {
    if (resource.userPath === undefined) continue;
    const answer = await get(`${resource.userPath.replace('{user}', sim.userSlug)}?${query(resource)}`);
    t.is(answer.status, 200, resource.userPath);
    served += 1;
  }
  t.true(served >= 10, `${served} user paths`);
});

test("every child path is served for a parent row, and its normalizer writes the child's table", async (t) => {
  const { get } = t.context;
  for (const [parent, child] of children) {
    const parents = (await get(`${parent.path.replace('{user}', 'me')}?${query(parent)}`)).json as unknown[];
    const rows = rowsOf(
      (item, index) => parent.normalizer.normalize(item, { source: 'GET parent', index }),
      parents,
    )[parent.table] as object[] as Record<string, unknown>[];
    t.true(rows.length > 0, `${parent.name}: parents`);
    for (const row of rows) {
      t.true(
        child.changedWhen.every((column) => column in row),
        `${child.name}: changedWhen columns exist`,
      );
      t.true(
        child.labelColumn in row && child.parentKey in row,
        `${child.name}: label and key columns exist`,
      );
      const id = Number(row[child.parentKey]);
      let path = child.path;
      for (const [placeholder, column] of Object.entries(child.pathColumns ?? {}))
        path = path.replace(placeholder, String(row[column]));
      const answer = await get(`${path.replace('{user}', 'me').replace('{id}', String(id))}?${query(child)}`);
      t.is(answer.status, 200, child.path);
      const items = answer.json as unknown[];
      if (child.countColumn !== undefined)
        t.is(items.length, Number(row[child.countColumn]), `${child.name}:${id} count`);
      if (items.length === 0) continue;
      const batch = rowsOf(
        (item, index) =>
          child.normalizer.normalize(item, { source: 'GET child', index, [child.contextKey]: id }),
        items,
      );
      t.deepEqual(mirrorTables(batch), [child.table], child.name);
      keyFilled(t, child, batch);
      const inScope = (batch[child.table] ?? []) as object[] as Record<string, unknown>[];
      t.true(
        inScope.every((r) => r[child.scopeColumn] === id),
        `${child.name}:${id} rows carry their parent`,
      );
    }
  }
});

test("every activity field of the catalog is a timestamp in the simulator's full last_activities", async (t) => {
  const { get } = t.context;
  const answer = await get('/sync/last_activities');
  t.is(answer.status, 200);
  const fields = [...new Set(catalog.flatMap((r) => r.activities))];
  const values = pickActivities(answer.json, fields);
  for (const field of fields) {
    const value = values[field];
    t.true(typeof value === 'string' && !Number.isNaN(Date.parse(value)), `${field}: ${String(value)}`);
  }
  t.true(fields.length >= 25, `${fields.length} fields`);
});
