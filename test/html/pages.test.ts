import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { parseHTML } from 'linkedom';
import { UsageError } from '../../src/errors.ts';
import { chartDocument } from '../../src/html/charts/plot.ts';
import { integerTicks } from '../../src/html/charts/ranked-bars.ts';
import { thin, watchTimeBars } from '../../src/html/charts/watch-time-bars.ts';
import { dateRange, daysOfYear, formatDate } from '../../src/html/dates.ts';
import { escapeHtml } from '../../src/html/escape.ts';
import { latestYearWithPlays, renderReportHtml, renderYearInReview } from '../../src/html/index.ts';
import { levelOf, levelThresholds } from '../../src/html/levels.ts';
import { formatDuration, formatHours } from '../../src/html/numbers.ts';
import { REPORT_VIEWS } from '../../src/html/report-views.ts';
import { Duck } from '../../src/load/duck.ts';
import { REPORTS } from '../../src/reports/index.ts';
import { fixtureDatabase, TITLES } from './fixture.ts';

let dir: string;
let duck: Duck;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traktdb-html-pages-'));
  duck = await Duck.open(await fixtureDatabase(dir), { readOnly: true });
});

test.after.always(async () => {
  duck?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The page parsed back into a DOM, to query it as a browser would (without layout). */
function parse(html: string) {
  return parseHTML(html).document;
}

test('quartile levels: nothing is 0, then four levels over the non-zero values', (t) => {
  t.deepEqual(levelThresholds([0, 40, 10, 0, 30, 20]), [10, 20, 30]);
  t.deepEqual(
    [0, 5, 10, 15, 20, 30, 40, 99].map((v) => levelOf(v, [10, 20, 30])),
    [0, 1, 1, 2, 2, 3, 4, 4],
  );
  t.deepEqual(levelThresholds([0, 0]), [0, 0, 0]);
  t.is(levelOf(0, levelThresholds([0, 0])), 0);
});

test('calendar days: 366 in 2024 from Monday Jan 1, 365 in 2025 from Wednesday, weeks start on Monday', (t) => {
  const leap = daysOfYear(2024);
  t.is(leap.length, 366);
  t.deepEqual(leap[0], { date: '2024-01-01', weekday: 0, week: 0, month: 0 });
  t.deepEqual(leap.at(-1), { date: '2024-12-31', weekday: 1, week: 52, month: 11 });
  const plain = daysOfYear(2025);
  t.is(plain.length, 365);
  t.deepEqual(plain[0], { date: '2025-01-01', weekday: 2, week: 0, month: 0 });
  t.deepEqual(plain[5], { date: '2025-01-06', weekday: 0, week: 1, month: 0 });
  t.deepEqual(dateRange('2024-12-30', '2025-01-02'), [
    '2024-12-30',
    '2024-12-31',
    '2025-01-01',
    '2025-01-02',
  ]);
  t.is(formatDate('2024-03-02', true), 'Sat, Mar 2, 2024');
});

test('numbers and ticks read as a person would write them', (t) => {
  t.is(formatHours(687), '11.5 h');
  t.is(formatHours(20_884), '348 h');
  t.is(formatDuration(100), '1 h 40 min');
  t.is(formatDuration(45), '45 min');
  t.is(formatDuration(120), '2 h');
  t.deepEqual(integerTicks(3), [0, 1, 2, 3]);
  t.deepEqual(integerTicks(25), [0, 3, 6, 9, 12, 15, 18, 21, 24]);
  t.deepEqual(thin(['a', 'b', 'c', 'd', 'e'], 2), ['a', 'd']);
  t.deepEqual(thin(['a', 'b'], 12), ['a', 'b']);
});

test('escapeHtml escapes markup and both quotes', (t) => {
  t.is(
    escapeHtml(`<a href="x">Tom & Jerry's</a>`),
    '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
  );
});

test('the year-in-review page is one self-contained UTF-8 file with escaped titles', async (t) => {
  const html = await renderYearInReview(duck, { year: 2024 });
  t.true(html.startsWith('<!doctype html>'));
  t.true(html.includes('<meta charset="utf-8">'));
  t.true(html.includes('prefers-color-scheme: dark'));
  // Nothing to fetch: no script, no linked resource, no URL at all.
  for (const needle of ['<script', ' src=', ' href=', 'url(', '@import', 'http://', 'https://', '<link']) {
    t.false(html.includes(needle), needle);
  }
  t.false(html.includes('<Alien>'));
  t.false(html.includes('<Show>'));
  t.true(html.includes('&lt;Alien&gt; &amp;'));
  const doc = parse(html);
  t.is(doc.querySelector('title')?.textContent, '2024 in review');
  t.true(doc.querySelector('[data-chart=top-movies]')?.textContent?.includes(TITLES.tokyo));
  t.deepEqual(
    [...doc.querySelectorAll('[data-chart]')].map((e) => e.getAttribute('data-chart')),
    [
      'headline',
      'months',
      'calendar',
      'week-hour',
      'top-shows',
      'top-movies',
      'genres',
      'who-you-watched',
      'networks',
      'countries',
      'show-progress',
    ],
  );
  // No credits in this database: the page says how to get them (docs/credits.md).
  t.true(doc.querySelector('[data-chart=who-you-watched]')?.textContent?.includes('--with credits'));
});

test('the page is the same for the same data, and report year-in-review --format html is that page', async (t) => {
  const page = await renderYearInReview(duck, { year: 2024 });
  t.is(await renderYearInReview(duck, { year: '2024' }), page);
  t.is(await renderReportHtml(duck, 'year-in-review', { year: '2024' }), page);
});

test('--tz moves plays between days and years, as in every report', async (t) => {
  // In UTC the 23:30 play of 2023-12-31 stays in 2023, and the 2024-12-31 one stays in 2024.
  const doc = parse(await renderYearInReview(duck, { year: 2024, tz: 'UTC' }));
  t.true(doc.querySelector('header p')?.textContent?.includes('(UTC)'));
  t.is(doc.querySelector('[data-chart=headline] .card .value')?.textContent, '12');
  const days = [...doc.querySelectorAll('[data-chart=calendar] g.mark-day:not(.level-0) title')].map(
    (e) => e.textContent ?? '',
  );
  t.true(days.some((d) => d.startsWith('Fri, Mar 1, 2024:')));
  t.true(days.some((d) => d.startsWith('Tue, Dec 31, 2024:')));
  t.false(days.some((d) => d.startsWith('Mon, Jan 1, 2024:')));
});

test('a year without plays still draws its empty calendar and says so', async (t) => {
  const doc = parse(await renderYearInReview(duck, { year: 2019 }));
  t.true(doc.querySelector('main')?.textContent?.includes('No plays in 2019.'));
  t.is(doc.querySelectorAll('[data-chart=calendar] g.mark-day rect').length, 365);
  t.is(doc.querySelectorAll('[data-chart=calendar] g.mark-day:not(.level-0) rect').length, 0);
  t.is(doc.querySelectorAll('[data-chart=top-shows] svg').length, 0);
  t.true(doc.querySelector('[data-chart=top-shows]')?.textContent?.includes('No episodes watched.'));
});

test('bad input is refused as a usage error before anything is drawn', async (t) => {
  await t.throwsAsync(renderReportHtml(duck, 'no-such-report'), { instanceOf: UsageError });
  await t.throwsAsync(renderReportHtml(duck, 'year-in-review', {}), { instanceOf: UsageError });
  await t.throwsAsync(renderReportHtml(duck, 'top-shows', { year: '24' }), { instanceOf: UsageError });
  await t.throwsAsync(renderYearInReview(duck, { year: 'MMXXIV' }), { instanceOf: UsageError });
});

test('report pages: a chart where one fits, then the full table', async (t) => {
  const expected: Record<string, { chart: string | null; rows: number }> = {
    'top-shows': { chart: 'top-shows', rows: 3 },
    'top-movies': { chart: 'top-movies', rows: 3 },
    genres: { chart: 'genres', rows: 5 },
    ratings: { chart: 'ratings', rows: 4 },
    heatmap: { chart: 'week-hour', rows: 10 },
    'show-progress': { chart: 'show-progress', rows: 3 },
    streaks: { chart: 'calendar', rows: 1 },
    duplicates: { chart: null, rows: 0 },
  };
  for (const [name, want] of Object.entries(expected)) {
    const doc = parse(await renderReportHtml(duck, name));
    const charts = [...doc.querySelectorAll('figure.chart')].map((e) => e.getAttribute('data-chart'));
    t.deepEqual(charts, want.chart === null ? [] : [want.chart], name);
    t.is(doc.querySelectorAll('table tbody tr').length, want.rows, name);
  }
  const movies = parse(await renderReportHtml(duck, 'top-movies'));
  t.deepEqual(
    [...movies.querySelectorAll('[aria-label="x-axis tick label"] text')].map((e) => e.textContent),
    ['0', '1', '2'], // plays are counted in whole numbers
  );
  const watch = parse(await renderReportHtml(duck, 'watch-time', { by: 'month', year: '2024' }));
  t.is(watch.querySelectorAll('[data-chart=watch-time] g.mark-period rect').length, 8);
  t.deepEqual(
    [...watch.querySelectorAll('table thead th')].map((e) => e.textContent),
    [
      'Period',
      'Plays',
      'Movie plays',
      'Episode plays',
      'Minutes',
      'Estimated minutes',
      'Movie minutes',
      'Episode minutes',
    ],
  );
  t.true(
    watch.querySelector('header p')?.textContent?.includes('(by month, year 2024; local time Europe/Berlin)'),
  );
});

test('the chart registry names only reports that exist', (t) => {
  // A report without an entry is drawn as its table alone, so a new report needs none.
  const names = REPORTS.map((r) => r.name);
  t.deepEqual(
    Object.keys(REPORT_VIEWS).filter((key) => !names.includes(key)),
    [],
  );
  t.true(Object.keys(REPORT_VIEWS).length >= 11);
});

test('watch-time bars stack minutes as hours once the report splits minutes by media type', (t) => {
  const rows = [
    {
      period: '2024-01',
      movie_plays: 1,
      episode_plays: 2,
      minutes: 150,
      movie_minutes: 90,
      episode_minutes: 60,
    },
  ];
  const doc = parse(`<body>${watchTimeBars(chartDocument(), rows)}</body>`);
  t.is(doc.querySelector('[aria-label="y-axis label"]')?.textContent?.trim(), 'hours');
  t.deepEqual(
    [...doc.querySelectorAll('g.mark-period rect title')].map((e) => e.textContent),
    [
      '2024-01: 1 movie play, 1 h 30 min (all plays: 2 h 30 min)',
      '2024-01: 2 episode plays, 1 h (all plays: 2 h 30 min)',
    ],
  );
  const plays = parse(
    `<body>${watchTimeBars(chartDocument(), [{ ...rows[0]!, movie_minutes: undefined }] as never)}</body>`,
  );
  t.is(plays.querySelector('[aria-label="y-axis label"]')?.textContent?.trim(), 'plays');
});

test('latestYearWithPlays picks the last local year with a play', async (t) => {
  t.is(await latestYearWithPlays(duck), 2025); // 2024-12-31 23:30 UTC is 2025 in Berlin
  t.is(await latestYearWithPlays(duck, 'UTC'), 2024);
});
