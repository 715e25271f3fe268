/**
 * Makes the README's picture: the simulator's account (the demo's profile
 * and seed) backed up in-process, its year-in-review page for the last
 * full year, and a full-page screenshot in headless Chromium.
 *
 *   npx tsx test/html/screenshot.ts [docs/year-in-review.png] [light|dark]
 *
 * Not a test (ava runs *.test.ts only): run it by hand after the page changes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderYearInReview } from '../../src/html/index.ts';
import { Duck } from '../../src/load/duck.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { runAgainst } from '../helpers/backup.ts';
import { launchChromium } from './browser.ts';

const out = process.argv[2] ?? 'docs/year-in-review.png';
const scheme = process.argv[3] === 'dark' ? 'dark' : 'light';
// The simulator's history ends on 2026-11-01, so 2025 is its last full year.
const YEAR = 2025;

const dir = await mkdtemp(join(tmpdir(), 'traktdb-screenshot-'));
const sim = await startSimulator({ profile: 'typical', seed: 2026 });
try {
  const ws = {
    dir,
    db: join(dir, 'trakt.duckdb'),
    archive: join(dir, 'raw'),
    configHome: join(dir, 'config'),
  };
  await runAgainst(sim, ws);
  const duck = await Duck.open(ws.db, { readOnly: true });
  const file = join(dir, 'year-in-review.html');
  try {
    await writeFile(file, await renderYearInReview(duck, { year: YEAR }));
  } finally {
    duck.close();
  }
  const browser = await launchChromium(join(dir, 'profile'));
  try {
    const { page, errors, requests } = await browser.open(file, { colorScheme: scheme });
    if (errors.length > 0 || requests.length !== 1) {
      throw new Error(`the page misbehaved: ${JSON.stringify({ errors, requests })}`);
    }
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
