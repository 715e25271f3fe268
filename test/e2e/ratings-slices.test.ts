import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';
import { ACCOUNT_TABLES, diffTable, MEDIA, readTable, withDuck } from '../helpers/tables.ts';

const FAST = { limit: 1000, windowMs: 1000 };

type Row = Record<string, unknown>;

test('a sync re-pages only the rating slices whose counts moved, the whole type when counts cannot tell', async (t) => {
  // Trakt's activity times have seconds; each step's changes are a second after the last sync's.
  let ahead = 0;
  const sim = await startSimulator({
    profile: 'typical',
    seed: 31,
    rateLimit: FAST,
    clock: () => Date.now() + ahead,
  });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const movies = ((sim.truth() as unknown as Record<string, Row[]>)['movies'] ?? []).map((m) =>
    Number(m['trakt_id']),
  );
  // Enough movie ratings (over 750, four pages) that a slice of two values is cheaper than the type.
  movies.slice(0, 1000).forEach((id, i) => {
    sim.mutate.rate('movie', id, (i % 10) + 1);
  });
  await runAgainst(sim, ws);
  const ratings = () => (sim.truth() as unknown as Record<string, Row[]>)['ratings'] ?? [];
  const rated = (type: string, value: number) =>
    ratings().filter((r) => r['media_type'] === type && r['rating'] === value);
  const requests = () => sim.requests().filter((r) => !r.path.startsWith('/_sim'));
  const ratingPaths = () =>
    requests()
      .filter((r) => r.path.startsWith('/sync/ratings'))
      .map((r) => r.path);
  const later = () => {
    ahead += 1000;
  };
  const sync = async () => {
    sim.clearRequests();
    await runAgainst(sim, ws, { mode: 'sync' });
    await withDuck(ws.db, async (duck) => {
      const truth = sim.truth() as unknown as Record<string, Row[]>;
      for (const table of ACCOUNT_TABLES) {
        t.deepEqual(
          diffTable(table, await readTable(duck, table), truth[table] ?? [], {
            allowExtra: MEDIA.has(table),
          }),
          [],
          `table ${table}`,
        );
      }
    });
    // The stats resource and the slices share one /users/me/stats.
    t.is(requests().filter((r) => r.path === '/users/me/stats').length, 1);
  };

  later();
  // One movie's rating 4 -> 9: the two values of movies, one page.
  const four = rated('movie', 4)[0] as Row;
  sim.mutate.rate('movie', Number(four['trakt_id']), 9);
  await sync();
  t.deepEqual(ratingPaths(), ['/sync/ratings/movies/4,9']);

  later();
  // A 6 removed and another movie rated 6: no count moved, so the type is paged whole.
  const six = rated('movie', 6)[0] as Row;
  sim.mutate.unrate('movie', Number(six['trakt_id']));
  const unrated = movies.find(
    (id) => !ratings().some((r) => r['media_type'] === 'movie' && r['trakt_id'] === id),
  );
  sim.mutate.rate('movie', unrated as number, 6);
  await sync();
  t.deepEqual(
    ratingPaths().filter((p) => p !== '/sync/ratings/movies'),
    [],
  );
  const movieRatings = ratings().filter((r) => r['media_type'] === 'movie').length;
  t.true(movieRatings > 750);
  t.is(ratingPaths().length, Math.ceil(movieRatings / 250));

  later();
  // A movie and an episode changed: both types are paged, the movies by the values that moved; the
  // 90 episode ratings fit one page, which a slice cannot beat, so that type is paged whole.
  const two = rated('movie', 2)[0] as Row;
  sim.mutate.rate('movie', Number(two['trakt_id']), 3);
  const episode = ratings().find((r) => r['media_type'] === 'episode' && r['rating'] !== 10) as Row;
  sim.mutate.unrate('episode', Number(episode['trakt_id']));
  await sync();
  const values = [2, 3, Number(episode['rating'])].sort((a, b) => a - b);
  const expected = [...new Set(values)].join(',');
  t.deepEqual([...new Set(ratingPaths())].sort(), [
    '/sync/ratings/episodes',
    `/sync/ratings/movies/${expected}`,
  ]);
  const sliced = ratings().filter((r) => r['media_type'] === 'movie' && values.includes(Number(r['rating'])));
  t.is(ratingPaths().length, 1 + Math.ceil(sliced.length / 250));
});
