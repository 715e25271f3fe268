import test from 'ava';
import type { Clock } from '../../src/clock.ts';
import { DatabaseBusyError, DatabaseError } from '../../src/errors.ts';
import { Duck } from '../../src/load/duck.ts';
import { openDatabase } from '../../src/load/open-database.ts';
import { openForReading } from '../../src/reports/open-for-reading.ts';
import { createFixtureDatabase } from './fixture.ts';

/** A clock whose sleep advances time at once, recording each wait. */
function fakeClock(): Clock & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}

const busy = (path: string) =>
  new DatabaseBusyError(`${path} is in use by another traktdb process (pid 1); retry when it finishes`);

async function addPlay(path: string): Promise<void> {
  const duck = await Duck.open(path);
  await duck.run(
    "INSERT INTO plays VALUES (15, '2025-05-05 12:00:00+00', 'watch', 'movie', 102, NULL, NULL)",
  );
  duck.close();
}

async function playsInModels(duck: Duck): Promise<bigint | undefined> {
  return (await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM fct_plays'))?.n;
}

test('waits for a writer to finish, then opens', async (t) => {
  const fixture = await createFixtureDatabase();
  t.teardown(() => fixture.cleanup());
  const clock = fakeClock();
  let attempts = 0;
  const duck = await openForReading(fixture.path, {
    clock,
    opener: (path, readOnly) => (++attempts <= 2 ? Promise.reject(busy(path)) : openDatabase(path, readOnly)),
  });
  duck.close();
  t.deepEqual(clock.waits, [250, 250]);
});

test('gives up with the busy error after the wait', async (t) => {
  const clock = fakeClock();
  await t.throwsAsync(
    openForReading('/nowhere.duckdb', { clock, waitMs: 1000, opener: (path) => Promise.reject(busy(path)) }),
    { instanceOf: DatabaseError, message: /in use by another traktdb process/ },
  );
  t.is(clock.waits.length, 4);
});

test('rebuilds stale models before reading', async (t) => {
  const fixture = await createFixtureDatabase();
  t.teardown(() => fixture.cleanup());
  await addPlay(fixture.path);
  const duck = await openForReading(fixture.path, { ensureModels: true });
  t.teardown(() => duck.close());
  t.is(await playsInModels(duck), 15n);
  t.true(duck.readOnly);
});

test('stale models that cannot be rebuilt are used, with a warning', async (t) => {
  const fixture = await createFixtureDatabase();
  t.teardown(() => fixture.cleanup());
  await addPlay(fixture.path);
  const warnings: string[] = [];
  const duck = await openForReading(fixture.path, {
    ensureModels: true,
    warn: (message) => warnings.push(message),
    opener: (path, readOnly) =>
      readOnly
        ? openDatabase(path, true)
        : Promise.reject(new DatabaseError(`cannot open database ${path}: permission denied`)),
  });
  t.teardown(() => duck.close());
  t.is(await playsInModels(duck), 14n);
  t.is(warnings.length, 1);
  t.regex(
    warnings[0] ?? '',
    /out of date and cannot be rebuilt \(cannot open database .*permission denied\)/,
  );
});

test('missing models that cannot be built are an error', async (t) => {
  const fixture = await createFixtureDatabase();
  t.teardown(() => fixture.cleanup());
  const writer = await Duck.open(fixture.path);
  await writer.run('DROP TABLE fct_plays');
  writer.close();
  await t.throwsAsync(
    openForReading(fixture.path, {
      ensureModels: true,
      opener: (path, readOnly) =>
        readOnly ? openDatabase(path, true) : Promise.reject(new DatabaseError('permission denied')),
    }),
    {
      instanceOf: DatabaseError,
      message: /has no SQL models yet and they cannot be built: permission denied/,
    },
  );
});
