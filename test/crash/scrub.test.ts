import test from 'ava';
import { exitCodeOf } from '../../src/errors.ts';
import { runAgainst } from '../helpers/backup.ts';
import { prime, problems, setUp, swaps, sync } from '../helpers/scrub.ts';
import { withDuck } from '../helpers/tables.ts';

/**
 * A scrub stopped halfway (its requests failing from one part on) keeps
 * every part it committed, with the rotation's state moved by exactly those
 * parts (each part's load commits the next state in its own transaction);
 * the next sync goes on from the part that failed, and the mirror ends exact.
 */

interface Stored {
  next: { order: [number, number] };
  spent?: number;
  verified: Record<string, string>;
}

async function stored(db: string): Promise<Stored | undefined> {
  const rows = await withDuck(db, (duck) =>
    duck.all<{ cursor: string }>(
      "SELECT CAST(cursor AS VARCHAR) AS cursor FROM sync_state WHERE resource = 'scrub'",
    ),
  );
  return rows[0] === undefined ? undefined : (JSON.parse(rows[0].cursor) as Stored);
}

for (const [name, failing, order] of [
  // The last parts (everything but the lists committed before them).
  ['a list', /\/users\/[^/]+\/lists\/\d+\/items/, [3]],
] as const) {
  test(`a scrub stopped at ${name} resumes there and repairs everything`, async (t) => {
    const { sim, ws, clock } = await setUp(t, 2030);
    await runAgainst(sim, ws, { clock, env: { TRAKTDB_SCRUB_PERIOD: '60s' } });
    prime(sim);
    clock.advance(1000);
    await sync(sim, ws, clock, '60s');
    swaps(sim);
    // A whole period later: the whole pass is due at once.
    clock.advance(61_000);
    let failed = 0;
    const broken: typeof fetch = (input, init) => {
      if (!failing.test(String(input))) return fetch(input, init);
      failed += 1;
      return Promise.reject(new TypeError('fetch failed'));
    };
    const exit = await runAgainst(sim, ws, {
      mode: 'sync',
      clock,
      env: { TRAKTDB_SCRUB_PERIOD: '60s' },
      fetch: broken,
      http: { retryBaseMs: 1, retryMaxMs: 5, maxRetries: 1 },
    }).then(
      () => 0,
      (error: unknown) => exitCodeOf(error),
    );
    t.true(failed > 0, 'the scrub reached the failing part');
    t.is(exit, 1, 'and the run failed there');
    const after = await stored(ws.db);
    t.is(
      after?.next.order[0],
      order[0],
      `the rotation stands at the part that failed: ${JSON.stringify(after)}`,
    );
    // Every part before it is recorded verified by this run, the one that failed only by the backup.
    const at = (key: string) => after?.verified[key] ?? '';
    const failedKey = Object.keys(after?.verified ?? {}).find((k) => k.startsWith('list_items:'));
    t.true(at('plays') > at(failedKey ?? ''), `plays ${at('plays')}, ${failedKey} ${at(failedKey ?? '')}`);
    t.true(at('watchlist') > at(failedKey ?? ''));
    // The next sync a little later goes on from there.
    clock.advance(1000);
    const next = await sync(sim, ws, clock, '60s');
    t.true((next.extract.scrub?.parts ?? 0) > 0, 'it scrubs the parts still due');
    t.deepEqual(await problems(ws, sim), []);
    const done = await stored(ws.db);
    t.true(
      (done?.verified[failedKey ?? ''] ?? '') > at(failedKey ?? ''),
      'the part that failed is verified by the next sync',
    );
  });
}
