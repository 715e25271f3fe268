import test from 'ava';
import type { KillPoint } from './helpers/kill-points.ts';
import { archivedAccount, crashRebuild } from './helpers/rebuild-trial.ts';
import { Dice, trialCount } from './helpers/trial.ts';

const TRIALS = trialCount(6);

test(`rebuild: ${TRIALS} SIGKILLs at seeded points leave the old database or the new one, and a rerun completes`, async (t) => {
  t.timeout(10 * 60_000);
  const account = await archivedAccount(t, 300);
  const records = [];
  for (let trial = 0; trial < TRIALS; trial += 1) {
    const seed = 300 + trial;
    const dice = new Dice(seed);
    // A tiny backup's archive holds 24 loads; a rebuild prints a line per load, then builds the
    // models and swaps its copy in: after the last line, the kill gets time to reach those.
    const n = dice.int(1, 24);
    const point: KillPoint =
      dice.next() < 0.3
        ? { after: 'start', delayMs: dice.int(0, 3000) }
        : { after: 'progress', n, delayMs: n === 24 ? dice.int(0, 2000) : dice.int(0, 400) };
    records.push(await crashRebuild(t, account, { seed, point, overExisting: dice.next() < 0.6 }));
  }
  for (const r of records) if (r.problems.length > 0) t.log(`${r.label}:\n  ${r.problems.join('\n  ')}`);
  const phases = new Map<string, number>();
  for (const r of records) phases.set(r.phase, (phases.get(r.phase) ?? 0) + 1);
  t.log(
    `rebuild: ${records.length} trials, ${records.filter((r) => r.killed).length} killed (${[...phases].map(([p, n]) => `${n} ${p}`).join(', ')}); ` +
      `${records.filter((r) => r.leftovers > 0).length} left an unfinished copy beside the target`,
  );
  t.deepEqual(
    records.filter((r) => r.problems.length > 0).map((r) => r.label),
    [],
  );
});
