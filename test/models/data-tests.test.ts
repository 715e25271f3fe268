import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { runDataTests } from '../../src/models/data-tests.ts';
import { createFixtureDatabase } from '../reports/fixture.ts';

test('the sql/tests assertions hold on the hand-built dataset', async (t) => {
  const fixture = await createFixtureDatabase();
  t.teardown(() => fixture.cleanup());
  const duck = await Duck.open(fixture.path, { readOnly: true });
  t.teardown(() => duck.close());
  const results = await runDataTests(duck);
  t.deepEqual(
    results.map((r) => r.name),
    ['assert_fct_plays_one_row_per_play', 'assert_minutes_follow_fallbacks', 'assert_play_seq_is_time_order'],
  );
  t.true(results.every((r) => r.failures === 0));
});

test('a model out of step with its source is caught', async (t) => {
  const fixture = await createFixtureDatabase();
  t.teardown(() => fixture.cleanup());
  const duck = await Duck.open(fixture.path);
  t.teardown(() => duck.close());
  await duck.run(
    "INSERT INTO plays VALUES (99, '2024-01-01 00:00:00+00', 'watch', 'movie', 101, NULL, NULL)",
  );
  await duck.run('UPDATE fct_plays SET minutes = 0 WHERE history_id = 2');
  const failures = Object.fromEntries((await runDataTests(duck)).map((r) => [r.name, r.failures]));
  t.deepEqual(failures, {
    assert_fct_plays_one_row_per_play: 1,
    assert_minutes_follow_fallbacks: 1,
    assert_play_seq_is_time_order: 0,
  });
});
