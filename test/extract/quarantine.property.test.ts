import anyTest, { type TestFn } from 'ava';
import fc from 'fast-check';
import { catalog } from '../../pipelines/catalog.ts';
import { normalizeItems } from '../../src/normalize/normalize-items.ts';
import type { ItemNormalizer } from '../../src/normalize/registry.ts';
import type { RowBatch } from '../../src/normalize/rows.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { startSimulator } from '../../src/simulator/index.ts';

/**
 * docs/tolerance.md: one odd item never
 * costs the other items of its page. Pages are real answers of the
 * simulator, one per resource of the catalog; an item of one of them is
 * corrupted at random (a field removed, retyped or nulled), and the page
 * must still give every other item's rows, exactly as those items give them
 * alone, while the odd item either still reads or is set aside, at its
 * position, with a reason.
 */

interface Sample {
  resource: string;
  normalizer: ItemNormalizer;
  context: { listTraktId?: number; section?: string };
  items: unknown[];
}

const test = anyTest as TestFn<{ samples: Sample[] }>;

const HEADERS = (sim: { clientId: string; accessToken: string }) => ({
  'User-Agent': 'traktdb-test',
  'trakt-api-key': sim.clientId,
  'trakt-api-version': '2',
  Authorization: `Bearer ${sim.accessToken}`,
});

test.before(async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 3, rateLimit: { limit: 1000, windowMs: 1000 } });
  try {
    const get = async (path: string, query: Record<string, string> = {}): Promise<unknown[]> => {
      const qs = new URLSearchParams({ ...query, page: '1', limit: '250' });
      const response = await fetch(`${sim.url}${path.replace('{user}', 'me')}?${qs}`, {
        headers: HEADERS(sim),
      });
      return (await response.json()) as unknown[];
    };
    const samples: Sample[] = [];
    for (const resource of catalog) {
      if (resource.pagination !== 'pages') continue;
      const items = await get(resource.path, resource.query ?? {});
      samples.push({
        resource: resource.name,
        normalizer: resource.normalizer,
        context: { ...resource.context },
        items,
      });
      const child = resource.children;
      const list = items[0] as { ids: { trakt: number } } | undefined;
      if (child !== undefined && list !== undefined) {
        samples.push({
          resource: child.name,
          normalizer: child.normalizer,
          context: { listTraktId: list.ids.trakt },
          items: await get(child.path.replace('{id}', String(list.ids.trakt)), child.query ?? {}),
        });
      }
    }
    t.context.samples = samples.filter((s) => s.items.length >= 2);
  } finally {
    await sim.close();
  }
});

type Path = (string | number)[];

/** Every field of an item, nested ones included, as paths. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, v]) => [[...prefix, key], ...pathsOf(v, [...prefix, key])]);
}

type Corruption = 'remove' | 'null' | 'retype';

/** A value of another JSON type than `value`. */
function retyped(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return { length: value.length };
  if (value === null) return [];
  return 'an object once';
}

function corrupt(item: unknown, path: Path, how: Corruption): unknown {
  const copy = structuredClone(item) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (how === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = how === 'null' ? null : retyped(parent[last]);
  }
  return copy;
}

/** One item's rows alone, or null when its normalizer refuses it. */
function alone(sample: Sample, item: unknown, index: number): RowBatch | null {
  try {
    return sample.normalizer.normalize(item, { source: 'GET /page', index, ...sample.context });
  } catch (error) {
    if (error instanceof ShapeError) return null;
    throw error;
  }
}

function merged(batches: readonly RowBatch[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const batch of batches) {
    for (const [table, rows] of Object.entries(batch)) out[table] = [...(out[table] ?? []), ...(rows ?? [])];
  }
  return out;
}

test('any page with one item corrupted at random still gives every other item of that page', (t) => {
  const { samples } = t.context;
  t.true(samples.length >= 15, `${samples.length} resources sampled`);
  const arbitrary = fc.constantFrom(...samples).chain((sample) =>
    fc.nat({ max: sample.items.length - 1 }).chain((index) => {
      const paths = pathsOf(sample.items[index]);
      return fc.record({
        sample: fc.constant(sample),
        index: fc.constant(index),
        path: fc.constantFrom(...paths),
        how: fc.constantFrom<Corruption>('remove', 'null', 'retype'),
      });
    }),
  );
  let rejectedSeen = 0;
  fc.assert(
    fc.property(arbitrary, ({ sample, index, path, how }) => {
      const page = sample.items.map((item, i) => (i === index ? corrupt(item, path, how) : item));
      const { batch, rejected } = normalizeItems(sample.normalizer, page, 'GET /page', sample.context);
      const odd = alone(sample, page[index], index);
      const expected = merged(
        page.map((item, i) => (i === index ? (odd ?? {}) : (alone(sample, item, i) as RowBatch))),
      );
      if (JSON.stringify(batch) !== JSON.stringify(expected)) return false;
      if (odd !== null) return rejected.length === 0;
      rejectedSeen += 1;
      const [set] = rejected;
      return (
        rejected.length === 1 && set?.position === index && set.reason.length > 0 && set.item === page[index]
      );
    }),
    { numRuns: 300 },
  );
  t.true(rejectedSeen > 0, 'some corruptions made an item unreadable');
});
