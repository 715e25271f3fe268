import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { renderReportHtml, renderYearInReview } from '../../src/html/index.ts';
import { Duck } from '../../src/load/duck.ts';
import { REPORTS } from '../../src/reports/index.ts';
import { type Browser, launchChromium } from './browser.ts';
import { fixtureDatabase, TITLES } from './fixture.ts';

// One browser and one fixture for the file; the tests run one after another.
let browser: Browser;
let duck: Duck;
let dir: string;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traktdb-html-browser-'));
  duck = await Duck.open(await fixtureDatabase(dir), { readOnly: true });
  browser = await launchChromium(join(dir, 'profile'));
});

test.after.always(async () => {
  await browser?.close();
  duck?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function pageFile(name: string, html: string): Promise<string> {
  const file = join(dir, `${name}.html`);
  await writeFile(file, html);
  return file;
}

test.serial(
  'the year-in-review page loads offline with every chart and the marks the fixture implies',
  async (t) => {
    const file = await pageFile('yir-2024', await renderYearInReview(duck, { year: 2024 }));
    const { page, errors, requests } = await browser.open(file);
    t.deepEqual(errors, [], 'no console errors');
    t.deepEqual(requests, [`file://${file}`], 'no request but the page itself');

    const count = (selector: string) => page.locator(selector).count();
    t.is(await count('header h1'), 1);
    t.is(await page.locator('header h1').textContent(), '2024 in review');
    t.is(await count('[data-chart=headline] .card'), 9);
    t.deepEqual(await page.locator('[data-chart=headline] .card .value').allTextContents(), [
      '12',
      '11.5 h', // 687 minutes
      '3',
      '3',
      '4 days',
      'Jan 15', // the first of the two days with two plays
      TITLES.ca,
      TITLES.alien,
      'drama',
    ]);

    // Twelve months on the axis; a segment per month and kind that has plays.
    t.is(await count('[data-chart=months] svg [aria-label="x-axis tick label"] text'), 12);
    t.is(await count('[data-chart=months] svg g.mark-period rect'), 8);
    // Every day of 2024 (a leap year), ten of them with plays, the four-day streak outlined.
    t.is(await count('[data-chart=calendar] svg g.mark-day rect'), 366);
    t.is(await count('[data-chart=calendar] svg g.mark-day:not(.level-0) rect'), 10);
    t.is(await count('[data-chart=calendar] svg g.mark-streak rect'), 4);
    const streakDays = (
      await page.locator('[data-chart=calendar] g.mark-day title').allTextContents()
    ).filter((title) => title.endsWith('(longest streak)'));
    t.deepEqual(
      streakDays.map((d) => d.slice(0, 16)),
      ['Fri, May 10, 202', 'Sat, May 11, 202', 'Sun, May 12, 202', 'Mon, May 13, 202'],
    );
    // Local dates: a play at 23:30 UTC on Mar 1 falls on Saturday Mar 2 in Berlin.
    const busyDays = await page
      .locator('[data-chart=calendar] g.mark-day:not(.level-0) title')
      .allTextContents();
    t.true(busyDays.includes('Sat, Mar 2, 2024: 1 play, 30 min'), busyDays.join('\n'));
    t.true(busyDays.includes('Mon, Jan 1, 2024: 1 play, 1 h 40 min'));
    t.false(busyDays.some((d) => d.startsWith('Fri, Mar 1,')));
    // 7 weekdays x 24 hours.
    t.is(await count('[data-chart=week-hour] svg g.mark-hour rect'), 168);
    t.is(await count('[data-chart=week-hour] svg g.mark-hour:not(.level-0) rect'), 9);

    t.is(await count('[data-chart=top-shows] svg g.mark-bar rect'), 3);
    t.deepEqual(
      await page
        .locator('[data-chart=top-shows] svg [aria-label="y-axis tick label"] text')
        .allTextContents(),
      [TITLES.ca, TITLES.tom, TITLES.arabic],
    );
    t.is(await count('[data-chart=top-movies] svg g.mark-bar rect'), 3);
    t.true((await page.locator('[data-chart=top-movies]').textContent())?.includes(TITLES.tokyo));
    t.is(await count('[data-chart=genres] svg g.mark-bar rect'), 5);
    t.is(await count('[data-chart=show-progress] svg g.mark-progress rect'), 3);
    t.is(await count('[data-chart=show-progress] svg g.mark-track rect'), 3);
    t.true((await page.locator('[data-chart=show-progress]').textContent())?.includes('4 / 10 · 40%'));

    // Titles are text, never markup: no <alien> or <show> element was created.
    t.is(await count('alien, show'), 0);
    t.true((await page.locator('main').textContent())?.includes(TITLES.alien));

    const shot = join(dir, 'year-in-review.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.true((await stat(shot)).size > 10_000);
    await page.close();
  },
);

test.serial('the page follows the dark colour scheme', async (t) => {
  const file = await pageFile('yir-dark', await renderYearInReview(duck, { year: 2024 }));
  const background = async (scheme: 'light' | 'dark') => {
    const { page, errors } = await browser.open(file, { colorScheme: scheme });
    t.deepEqual(errors, []);
    const colors = await page.evaluate(
      'JSON.stringify([getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.querySelector("g.mark-day.level-4 rect")).fill])',
    );
    await page.close();
    return JSON.parse(String(colors)) as [string, string];
  };
  t.deepEqual(await background('light'), ['rgb(255, 255, 255)', 'rgb(62, 73, 137)']);
  t.deepEqual(await background('dark'), ['rgb(13, 17, 23)', 'rgb(253, 231, 37)']);
});

test.serial('every report renders as a page with its table that loads without errors', async (t) => {
  for (const report of REPORTS) {
    const options = report.name === 'year-in-review' ? { year: '2024' } : {};
    const file = await pageFile(report.name, await renderReportHtml(duck, report.name, options));
    const { page, errors, requests } = await browser.open(file);
    t.deepEqual(errors, [], report.name);
    t.is(requests.length, 1, report.name);
    if (report.name !== 'year-in-review') t.is(await page.locator('table').count(), 1, report.name);
    await page.close();
  }
});

test.serial('the request guard catches a page that reaches out', async (t) => {
  // The guard itself is tested: a page with an external image is seen, and aborted before it leaves.
  const file = await pageFile('leaky', '<!doctype html><img src="http://127.0.0.1:9/x.png"><p>leak</p>');
  const { page, requests } = await browser.open(file);
  t.deepEqual(requests, [`file://${file}`, 'http://127.0.0.1:9/x.png']);
  await page.close();
});
