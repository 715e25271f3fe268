import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { parseHTML } from 'linkedom';
import { reportCommand } from '../../src/cli/commands/report.ts';
import { renderYearInReview } from '../../src/html/index.ts';
import { Duck } from '../../src/load/duck.ts';
import { Store } from '../../src/load/store.ts';
import { buildModels } from '../../src/models/build.ts';
import { runReport } from '../../src/reports/index.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst } from '../helpers/backup.ts';

/**
 * Pages and reports for a year without plays, or a database without any:
 * they say what is missing and what to run, draw no axis over nothing and
 * no streak that is not there; the calendar draws the days still to come as
 * such, not as days without plays.
 */

let dir: string;
let empty: string;
let full: string;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traktdb-empty-'));
  empty = join(dir, 'empty.duckdb');
  const store = await Store.open(empty);
  try {
    await buildModels(store.duck);
  } finally {
    await store.close();
  }
  const sim = await startSimulator({ profile: 'tiny', seed: 3 });
  try {
    const ws = {
      dir,
      db: join(dir, 'full.duckdb'),
      archive: join(dir, 'raw'),
      configHome: join(dir, 'config'),
    };
    await runAgainst(sim, ws);
    full = ws.db;
  } finally {
    await sim.close();
  }
});
test.after.always(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function page(db: string, year: number, now: string) {
  const duck = await Duck.open(db, { readOnly: true });
  try {
    return parseHTML(await renderYearInReview(duck, { year, now: Date.parse(now) })).document;
  } finally {
    duck.close();
  }
}

test('an empty database: the page says to run backup, and draws no axis and no streak', async (t) => {
  const doc = await page(empty, 2024, '2026-06-01T12:00:00Z');
  t.is(
    doc.querySelector('p.missing')?.textContent,
    "No plays in 2024. This database holds no plays at all yet: run `traktdb backup` (or `traktdb import FILE.zip` with Trakt's own export), then make this page again.",
  );
  // No bar chart over nothing: its axis was twelve "0" ticks on top of each other ("000000").
  t.is(doc.querySelectorAll('[data-chart=months] svg').length, 0);
  t.is(doc.querySelector('[data-chart=months] .nothing')?.textContent, 'No plays in 2024 to draw.');
  t.is(doc.querySelector('[data-chart=week-hour] .nothing')?.textContent, 'No plays to draw.');
  t.false(doc.toString().includes('no streak'));
  t.is(doc.querySelectorAll('[data-chart=calendar] .chip.streak').length, 0);
  // The calendar still shows the year, every day empty, none of it to come.
  t.is(doc.querySelectorAll('[data-chart=calendar] g.mark-day rect').length, 366);
  t.is(doc.querySelectorAll('[data-chart=calendar] g.future rect').length, 0);
});

test('a year without plays names the years that have some, and the command for one', async (t) => {
  const duck = await Duck.open(full, { readOnly: true });
  const years = await runReport(duck, 'watch-time', { by: 'year' }).finally(() => duck.close());
  const first = years.rows[0]?.['period'];
  const last = years.rows.at(-1)?.['period'];
  const tz = years.parameters['tz'];
  t.true(typeof first === 'string' && typeof last === 'string' && first < last);
  const doc = await page(full, 1999, '2026-06-01T12:00:00Z');
  t.is(
    doc.querySelector('p.missing')?.textContent,
    `No plays in 1999. The plays in this database are from ${first} to ${last} (local time ${tz}): ` +
      `try \`traktdb report year-in-review --year ${last} --format html --out yir-${last}.html\`, ` +
      'or run `traktdb sync` if 1999 should have some.',
  );
  t.is(doc.querySelectorAll('[data-chart=months] svg').length, 0);
});

test('the calendar of the current year draws the days still to come as such', async (t) => {
  // The simulator's history ends on 2026-11-01; on Nov 15 (local) 46 days of 2026 are still to come.
  const doc = await page(full, 2026, '2026-11-15T17:00:00Z');
  const future = [...doc.querySelectorAll('[data-chart=calendar] g.future title')].map((e) => e.textContent);
  t.is(future.length, 46);
  t.is(future[0], 'Mon, Nov 16, 2026: still to come');
  t.is(future.at(-1), 'Thu, Dec 31, 2026: still to come');
  t.is(doc.querySelectorAll('[data-chart=calendar] g.mark-day rect').length, 365);
  const legend = [...doc.querySelectorAll('[data-chart=calendar] .legend')]
    .map((e) => e.textContent)
    .join(' ');
  t.regex(legend, /dashed: still to come/);
  t.regex(
    doc.querySelector('[data-chart=calendar] .note')?.textContent ?? '',
    / with at least one play so far\./,
  );
  // A year that is over has nothing to come.
  const past = await page(full, 2025, '2026-11-15T17:00:00Z');
  t.is(past.querySelectorAll('[data-chart=calendar] g.future rect').length, 0);
  t.false(past.toString().includes('still to come'));
});

async function report(
  db: string,
  argv: Record<string, unknown>,
): Promise<{ stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => {
    captured.stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    captured.stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await (reportCommand.handler as (a: object) => Promise<void>)({
      db,
      quiet: false,
      verbose: false,
      logFormat: 'text',
      force: false,
      ...argv,
    });
    return captured;
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

test.serial(
  'a report on a database without plays says to run backup; one filtered to nothing does not',
  async (t) => {
    const table = await report(empty, { name: 'top-shows', format: 'table' });
    t.is(
      table.stdout.trimEnd().split('\n').at(-1),
      '(no rows: the database holds no plays yet; run `traktdb backup` (or `traktdb import FILE.zip`) first)',
    );
    // JSON stays data; the hint goes to stderr.
    const json = await report(empty, { name: 'top-shows', format: 'json' });
    t.is(json.stdout, '[]\n');
    t.is(
      json.stderr,
      'traktdb: the database holds no plays yet; run `traktdb backup` (or `traktdb import FILE.zip`) first.\n',
    );
    const filtered = await report(full, { name: 'top-shows', format: 'table', year: '1999' });
    t.is(filtered.stdout.trimEnd().split('\n').at(-1), '(no rows)');
    t.is(filtered.stderr, '');
  },
);
