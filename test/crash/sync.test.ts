import test from 'ava';
import {
  backupTemplate,
  type ChainRecord,
  crashChain,
  Dice,
  drawPoint,
  measureExtent,
  prepareSync,
  summarize,
  trialCount,
} from './helpers/trial.ts';

const TRIALS = trialCount(12);

test(`sync: ${TRIALS} SIGKILLs at seeded points after a mix of changes, each chain rerun to an exact end`, async (t) => {
  t.timeout(10 * 60_000);
  // One account (seed 200), backed up once; each chain copies the backup, then changes the account.
  const template = await backupTemplate(t, 200);
  const extent = await measureExtent(t, 200, prepareSync(template), 'sync', 2500);
  t.log(
    `a complete sync of the changes: ${extent.requests} requests, ${extent.manifestLines} manifest lines`,
  );
  const chains: ChainRecord[] = [];
  for (let seed = 200, left = TRIALS; left > 0; seed += 1) {
    const dice = new Dice(seed);
    const points = Array.from({ length: Math.min(left, 4) }, (_, i) =>
      drawPoint(dice, extent, i === 0 ? 1 : 0.5),
    );
    left -= points.length;
    const prepare = prepareSync(template);
    const label = `sync chain ${seed}`;
    chains.push(
      await crashChain(t, { command: 'sync', seed: template.seed, points, extent, prepare, label }),
    );
  }
  t.deepEqual(summarize(t, 'sync', chains), []);
});
