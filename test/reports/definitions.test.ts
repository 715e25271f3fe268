import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { analyzeSql, type SqlFacts } from '../../src/models/analyze-sql.ts';
import { DEFAULT_SQL_DIR } from '../../src/models/discover.ts';
import { ModelError } from '../../src/models/model-error.ts';
import { OPTION_SPECS, REPORTS, reportCatalog, runReport } from '../../src/reports/index.ts';
import { createFixtureDatabase, type Fixture } from './fixture.ts';

// The report specs (sql/reports/rpt_<name>.json) are the only place a report is named:
// these tests hold them to their SQL, and show that a new file pair is a new report.

let fixture: Fixture;
let duck: Duck;

test.before(async () => {
  fixture = await createFixtureDatabase();
  duck = await Duck.open(fixture.path, { readOnly: true });
});

test.after.always(() => {
  duck?.close();
  fixture?.cleanup();
});

function sqlOf(model: string): string {
  return readFileSync(join(DEFAULT_SQL_DIR, 'reports', `${model}.sql`), 'utf8');
}

test('the shipped reports, in the documented order of report --list; every file has its pair', (t) => {
  const design = [
    'watch-time',
    'top-shows',
    'top-movies',
    'genres',
    'ratings',
    'streaks',
    'heatmap',
    'binges',
    'show-progress',
    'rewatches',
    'duplicates',
    'year-in-review',
    'verify',
  ];
  // More reports may come between them; these keep their order.
  const names = REPORTS.map((r) => r.name);
  t.deepEqual(
    names.filter((n) => design.includes(n)),
    design,
  );
  t.is(new Set(names).size, names.length);
  const files = readdirSync(join(DEFAULT_SQL_DIR, 'reports')).sort();
  t.deepEqual(files, REPORTS.flatMap((r) => [`${r.model}.json`, `${r.model}.sql`]).sort());
});

test("each spec's columns are its SQL's own columns, in order, plus the ones it fills from other reports", async (t) => {
  for (const report of REPORTS) {
    const facts = (await analyzeSql(duck, [sqlOf(report.model)]))[0] as SqlFacts;
    const values: Record<string, string | number | null> = { tz: 'UTC' };
    for (const option of report.options) values[OPTION_SPECS[option].param] ??= OPTION_SPECS[option].fallback;
    values['year'] = 2024;
    const params = Object.fromEntries(facts.parameters.map((p) => [p, values[p] ?? null]));
    const described = await duck.all<{ column_name: string }>(`DESCRIBE ${sqlOf(report.model)}`, params);
    const filled = Object.keys(report.firstRowOf);
    t.deepEqual(
      described.map((c) => c.column_name),
      report.columns.filter((c) => !filled.includes(c)),
      report.name,
    );
  }
});

test("every $parameter of a report's SQL is one of its options", async (t) => {
  for (const report of REPORTS) {
    const facts = (await analyzeSql(duck, [sqlOf(report.model)]))[0] as SqlFacts;
    const bound = report.options.map((o) => OPTION_SPECS[o].param);
    t.deepEqual(
      facts.parameters.filter((p) => !bound.includes(p)),
      [],
      report.name,
    );
  }
});

test('int_plays_in_year: the plays of a local year in the given zone, or every play', async (t) => {
  const count = async (tz: string, year: number | null) =>
    (
      await duck.one<{ n: bigint; zones: string[] }>(
        'SELECT count(*) AS n, list(DISTINCT local_tz) AS zones FROM int_plays_in_year($tz, $year)',
        { tz, year },
      )
    )?.n;
  // Play 1 (2024-01-01 03:00 UTC) is 2023 in New York, 2024 in UTC.
  t.is(await count('America/New_York', 2024), 13n);
  t.is(await count('America/New_York', 2023), 1n);
  t.is(await count('UTC', 2024), 14n);
  t.is(await count('Asia/Tokyo', null), 14n);
  const tokyo = await duck.one<{ local_at: Date; local_tz: string }>(
    "SELECT local_at, local_tz FROM int_plays_in_year('Asia/Tokyo', NULL) WHERE history_id = 1",
  );
  t.is(tokyo?.local_tz, 'Asia/Tokyo');
  t.is(tokyo?.local_at.toISOString(), '2024-01-01T12:00:00.000Z');
});

function sqlDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-specs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'reports'));
  return dir;
}

test('a new report is one file pair: its SQL and its spec, nothing else', async (t) => {
  const dir = sqlDir(t);
  writeFileSync(
    join(dir, 'reports', 'rpt_plays_per_kind.sql'),
    `with plays as (
  select * from int_plays_in_year($tz, $year)
),

final as (
  select media_type, count(*) as plays from plays group by media_type
)

select * from final
order by media_type
limit $limit`,
  );
  writeFileSync(
    join(dir, 'reports', 'rpt_plays_per_kind.json'),
    JSON.stringify({
      description: 'Plays per media type.',
      list_position: 10,
      options: ['year', 'limit'],
      columns: ['media_type', 'plays'],
    }),
  );
  t.deepEqual(
    reportCatalog(dir).map((r) => [r.name, r.model, r.options]),
    [['plays-per-kind', 'rpt_plays_per_kind', ['tz', 'year', 'limit']]],
  );
  const result = await runReport(duck, 'plays-per-kind', { year: '2024' }, { sqlDir: dir });
  t.deepEqual(result.rows, [
    { media_type: 'episode', plays: 9 },
    { media_type: 'movie', plays: 4 },
  ]);
  t.deepEqual(result.parameters, { tz: 'America/New_York', year: 2024, limit: 20 });
});

test('a malformed spec is refused at load, naming its file and what is wrong', (t) => {
  const cases: [Record<string, unknown> | null, RegExp][] = [
    [null, /rpt_x\.sql has no rpt_x\.json beside it/],
    [
      { description: 'x', list_position: 1, options: ['yaer'], columns: ['a'] },
      /"options" yaer; choose from year, by/,
    ],
    [
      { description: 'x', list_position: 1, options: [], columns: ['a'], colour: 'red' },
      /unknown keys colour/,
    ],
    [
      { description: 'x', list_position: 1, options: [], required: ['year'], columns: ['a'] },
      /requires an option it does not take/,
    ],
    [{ list_position: 1, options: [], columns: ['a'] }, /needs a "description"/],
    [
      {
        description: 'x',
        list_position: 1,
        options: [],
        columns: ['a'],
        first_row_of: { a: { report: 'nope', column: 'b' } },
      },
      /fills "a" from nope's b, which does not exist/,
    ],
  ];
  for (const [spec, message] of cases) {
    const dir = sqlDir(t);
    writeFileSync(join(dir, 'reports', 'rpt_x.sql'), 'select 1 as a');
    if (spec !== null) writeFileSync(join(dir, 'reports', 'rpt_x.json'), JSON.stringify(spec));
    const error = t.throws(() => reportCatalog(dir), { instanceOf: ModelError });
    t.regex(error?.message ?? '', message);
    t.true(error?.message.includes(join(dir, 'reports')), error?.message);
  }
});
