import test from 'ava';
import type { KillPoint } from './helpers/kill-points.ts';
import { archivedAccount, crashRebuild } from './helpers/rebuild-trial.ts';
import { Dice, trialCount } from './helpers/trial.ts';

const TRIALS = trialCount(6);

test(`rebuild: ${TRIALS} SIGKILLs at seeded points leave the old database or the new one, and a rerun completes`, async (t) => {
  t.timeout(10 * 60_000);
  const account = await archivedAccount(t, 300);
  const trials = [];
  const failed: string[] = [];
  for (let seed = 300, left = TRIALS; left > 0; seed += 1) {
    const dice = new Dice(seed);
    // Two kills per copy, then a rebuild to completion. A tiny backup's archive holds 24 loads; a
    // rebuild prints a line per load, then builds the models and swaps its copy in: after the last
    // line, the kill gets time to reach those.
    const points = Array.from({ length: Math.min(left, 2) }, (): KillPoint => {
      const n = dice.int(1, 24);
      return dice.next() < 0.3
        ? { after: 'start', delayMs: dice.int(0, 3000) }
        : { after: 'progress', n, delayMs: n === 24 ? dice.int(0, 2000) : dice.int(0, 400) };
    });
    left -= points.length;
    const chain = await crashRebuild(t, account, { seed, points, overExisting: dice.next() < 0.6 });
    trials.push(...chain.trials);
    for (const trial of chain.trials) {
      if (trial.problems.length === 0) continue;
      failed.push(trial.label);
      t.log(`${trial.label}:\n  ${trial.problems.join('\n  ')}`);
    }
    if (chain.problems.length > 0) {
      failed.push(`rebuild seed ${seed}, final run`);
      t.log(`rebuild seed ${seed}, final run:\n  ${chain.problems.join('\n  ')}`);
    }
  }
  const phases = new Map<string, number>();
  for (const r of trials) phases.set(r.phase, (phases.get(r.phase) ?? 0) + 1);
  t.log(
    `rebuild: ${trials.length} trials, ${trials.filter((r) => r.killed).length} killed (${[...phases].map(([p, n]) => `${n} ${p}`).join(', ')}); ` +
      `${trials.filter((r) => r.leftovers > 0).length} kills left an unfinished copy beside the target (each rerun removed them)`,
  );
  t.deepEqual(failed, []);
});
