import test from 'ava';
import { renderYearInReview } from '../../src/html/index.ts';
import { Duck } from '../../src/load/duck.ts';
import { type RawOptions, runReport } from '../../src/reports/index.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, workspace } from '../helpers/backup.ts';

type Row = Record<string, unknown>;
const plain = (rows: readonly Row[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'bigint' || typeof v === 'number' ? Number(v) : v,
      ]),
    ),
  );

test('top-people, networks and countries equal the simulator truth, all time and for one year', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 21, rateLimit: { limit: 1000, windowMs: 1000 } });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const summary = await runAgainst(sim, ws, { env: { TRAKTDB_WITH: 'credits' } });
  t.is(summary.status, 'succeeded');
  const duck = await Duck.open(ws.db, { readOnly: true });
  t.teardown(() => duck.close());
  // The year with the most plays (local years of the account's zone).
  const years = await duck.all<{ y: number }>(
    'SELECT year(local_at)::INTEGER AS y FROM fct_plays GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1',
  );
  const year = Number(years[0]?.y);
  const cases: [
    name: 'top-people' | 'networks' | 'countries',
    raw: RawOptions,
    truth: Record<string, unknown>,
  ][] = [
    ['top-people', {}, {}],
    ['top-people', { year: String(year) }, { year }],
    ['top-people', { department: 'directing', limit: '500' }, { department: 'directing', limit: 500 }],
    ['top-people', { department: 'writing', year: String(year) }, { department: 'writing', year }],
    ['top-people', { department: 'created by' }, { department: 'created by' }],
    ['networks', {}, {}],
    ['networks', { year: String(year) }, { year }],
    ['countries', {}, {}],
    ['countries', { year: String(year) }, { year }],
  ];
  for (const [name, raw, options] of cases) {
    const actual = plain((await runReport(duck, name, raw)).rows as Row[]);
    const expected = sim.reportTruth(name, options);
    t.deepEqual(actual, expected, `${name} ${JSON.stringify(raw)}`);
  }
  // The year-in-review page with credits: who you watched, the year's top actor first.
  const page = await renderYearInReview(duck, { year });
  const [topActor] = sim.reportTruth('top-people', { year, limit: 10 });
  t.true(page.includes('data-chart="top-people-acting"'));
  t.true(page.includes('data-chart="top-people-directing"'));
  t.true(page.includes('data-section="where-it-came-from"'));
  t.false(page.includes('--with credits'));
  const escapedName = String(topActor?.['name']).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  t.true(page.includes(escapedName), 'the top actor is named');
  // The account holds the edge cases the rules speak of: ties in plays and (unknown).
  const people = sim.reportTruth('top-people', { limit: 500 });
  t.true(people.length > 5);
  t.true(
    people.some((row, i) => i > 0 && row['plays'] === people[i - 1]?.['plays']),
    'a tie in plays',
  );
  const unknown = [...sim.reportTruth('networks'), ...sim.reportTruth('countries')];
  t.true(
    unknown.some((row) => row['network'] === '(unknown)' || row['country'] === '(unknown)'),
    'an (unknown) row',
  );
});
