import test from 'ava';
import {
  type ChainRecord,
  crashChain,
  Dice,
  drawPoint,
  measureExtent,
  summarize,
  trialCount,
} from './helpers/trial.ts';

const TRIALS = trialCount(12);

test(`backup: ${TRIALS} SIGKILLs at seeded points, each chain rerun to an exact, resumed, rebuildable end`, async (t) => {
  t.timeout(10 * 60_000);
  const extent = await measureExtent(t, 100, undefined, 'backup', 4000);
  t.log(`a complete backup: ${extent.requests} requests, ${extent.manifestLines} manifest lines`);
  const chains: ChainRecord[] = [];
  for (let seed = 100, left = TRIALS; left > 0; seed += 1) {
    const dice = new Dice(seed);
    const points = Array.from({ length: Math.min(left, 4) }, (_, i) =>
      drawPoint(dice, extent, i === 0 ? 1 : 0.5),
    );
    left -= points.length;
    chains.push(await crashChain(t, { command: 'backup', seed, points, extent }));
  }
  t.deepEqual(summarize(t, 'backup', chains), []);
});
