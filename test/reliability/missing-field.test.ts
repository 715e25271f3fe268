import test, { type ExecutionContext } from 'ava';
import { catalog } from '../../pipelines/catalog.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';

/**
 * A Trakt item without a field Trakt always sends (the simulator's
 * `missingField` fault drops exactly these) is refused with a ShapeError
 * naming the field and the request, never loaded as NULL: the run keeps it
 * in rejected_items and goes on (test/reliability/quirks.test.ts). Each
 * resource is checked on a real item from the simulator, through the
 * normalizer the catalog names for it.
 */
const REQUIRED: Record<string, string> = {
  plays: 'watched_at',
  ratings: 'rated_at',
  watchlist: 'listed_at',
  favorites: 'listed_at',
  collection_movies: 'collected_at',
  collection_episodes: 'collected_at',
  watched_movies: 'last_watched_at',
  playback: 'paused_at',
  hidden_calendar: 'hidden_at',
  likes_comments: 'liked_at',
};

async function firstItem(
  sim: Simulator,
  path: string,
  query: Record<string, string>,
): Promise<Record<string, unknown>> {
  const qs = new URLSearchParams({ ...query, limit: '10' });
  const response = await fetch(`${sim.url}${path.replace('{user}', 'me')}?${qs}`, {
    headers: {
      'User-Agent': 'traktdb-test',
      'trakt-api-key': sim.clientId,
      'trakt-api-version': '2',
      Authorization: `Bearer ${sim.accessToken}`,
    },
  });
  const items = (await response.json()) as Record<string, unknown>[];
  const item = items[0];
  if (item === undefined) throw new Error(`${path} has no items in the typical profile`);
  return item;
}

async function check(t: ExecutionContext, name: string): Promise<void> {
  const resource = catalog.find((r) => r.name === name);
  if (resource?.pagination !== 'pages') throw new Error(`no paged catalog resource ${name}`);
  const field = REQUIRED[name] as string;
  const sim = await startSimulator({
    profile: 'typical',
    seed: 700,
    rateLimit: { limit: 1000, windowMs: 1000 },
  });
  t.teardown(() => sim.close());
  const item = await firstItem(sim, resource.path, resource.query ?? {});
  t.true(field in item, `the simulator sends ${field} on ${resource.path}`);
  delete item[field];
  const source = `GET ${resource.path}`;
  const context = {
    source,
    index: 0,
    ...resource.context,
  };
  const error = t.throws(() => resource.normalizer.normalize(item, context), { instanceOf: ShapeError });
  t.regex(error?.message ?? '', new RegExp(field));
  t.regex(error?.message ?? '', /GET \//);
}

for (const name of Object.keys(REQUIRED)) {
  test(`a ${name} item without ${REQUIRED[name]} is refused with a ShapeError naming the field`, (t) =>
    check(t, name));
}
