import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { cliEnv } from '../crash/helpers/cli.ts';
import { workspace } from '../helpers/backup.ts';

const BIN = fileURLToPath(new URL('../../bin/traktdb.js', import.meta.url));
const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux', '/opt/homebrew/bin/tmux'].find((p) => existsSync(p));

/**
 * The progress of a backup on a real terminal (tmux), on a budget tight
 * enough that the run waits for it: one overall line with resources,
 * requests and the time left, friendly titles, and the finished resources'
 * lines in place of their bars (docs/sync.md "Progress").
 */
test('a backup on a terminal shows one overall line with an ETA and friendly titles', async (t) => {
  if (TMUX === undefined) {
    t.fail(
      'this test reads a real terminal through tmux: install it (Debian: apt-get install tmux; .ci/run does)',
    );
    return;
  }
  const tmux = TMUX;
  const sim = await startSimulator({ profile: 'tiny', seed: 3, rateLimit: { limit: 12, windowMs: 1500 } });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const env = cliEnv(ws, sim);
  const script = join(ws.dir, 'run.sh');
  const exports = Object.entries(env)
    .filter(([name]) => /^(TRAKT_|XDG_|PATH$|HOME$|LANG$)/.test(name))
    .map(([name, value]) => `export ${name}='${String(value).replaceAll("'", "'\\''")}'`);
  const done = join(ws.dir, 'done');
  await writeFile(
    script,
    [
      ...exports,
      `'${process.execPath}' '${BIN}' backup --db '${ws.db}' --archive '${ws.archive}' --rate-limit 12/1.5`,
      `echo "exit $?" > '${done}'`,
      'sleep 60',
    ].join('\n'),
  );
  const socket = `traktdb-test-${process.pid}`;
  const tm = (...args: string[]) => execFileSync(tmux, ['-L', socket, ...args], { encoding: 'utf8' });
  tm('new-session', '-d', '-s', 'p', '-x', '150', '-y', '45', `sh '${script}'`);
  t.teardown(() => {
    try {
      tm('kill-server');
    } catch {
      // already gone
    }
  });
  const screens: string[] = [];
  const deadline = Date.now() + 90_000;
  while (!existsSync(done) && Date.now() < deadline) {
    screens.push(tm('capture-pane', '-p', '-t', 'p'));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const last = tm('capture-pane', '-p', '-t', 'p');
  t.log(
    `${screens.length} screens; one mid-run:\n${screens[Math.floor(screens.length / 2)]}\nthe last:\n${last}`,
  );
  const overall = screens.flatMap((s) => s.split('\n')).filter((line) => line.includes('overall:'));
  t.true(overall.length > 0, 'an overall line was on screen');
  t.true(
    overall.every((line) => /overall: \d+\/\d+ resources, [\d,]+\/~[\d,]+ requests/.test(line)),
    overall[0],
  );
  t.true(
    overall.some((line) => /(about \d+ minutes|\d+ s) left/.test(line)),
    'an ETA',
  );
  t.true(
    overall.some((line) => /waiting \d+ s for rate budget/.test(line)),
    'the wait for budget',
  );
  // The catalog's titles, never its internal names.
  const all = screens.join('\n');
  t.false(/likes_comments|hidden_progress|collection_movies/.test(all));
  t.regex(
    `${all}\n${last}`,
    /watch history: 60 rows fetched, 60 rows in the table \(60 new, 0 changed, 0 removed\)/,
  );
  t.regex(last, /backup run 1 succeeded/);
  t.false(last.includes('overall:'), 'the live lines are gone once the run is over');
});
