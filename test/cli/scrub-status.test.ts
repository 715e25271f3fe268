import test from 'ava';
import { scrubStatusLines } from '../../src/cli/scrub-status.ts';

const WEEK = 7 * 86_400_000;

test('status says how far history is verified, when each part was last, and when the pass completes', (t) => {
  const cursor = {
    at: '2026-12-06T06:00:00.000Z',
    credit: 0,
    next: { order: [0, 0], from: '2019-03-14T00:00:00.001Z' },
    passStartedAt: '2026-12-03T00:00:00.000Z',
    passCost: 1050,
    spent: 450,
    historyUpTo: '2019-03-14T00:00:00.000Z',
    verified: {
      plays: '2026-11-29T00:00:00.000Z',
      'ratings:movie': '2026-11-30T10:00:00.000Z',
      'ratings:show': '2026-11-30T12:00:00.000Z',
      watchlist: '2026-12-01T00:00:00.000Z',
    },
  };
  t.deepEqual(scrubStatusLines(cursor, WEEK), [
    'Rolling verification (every part re-read within 7d):',
    '  history verified up to 2019-03 in this pass',
    '  ratings (2)  last verified 2026-11-30 10:00 UTC',
    '  watchlist    last verified 2026-12-01 00:00 UTC',
    // 600 requests left at 150 a day: 4 days after the last scrub.
    '  this pass began 2026-12-03 00:00 UTC and completes by 2026-12-10 06:00 UTC at the current sync interval (1050 requests a pass).',
  ]);
  t.deepEqual(scrubStatusLines(undefined, WEEK), [
    'Rolling verification (every part re-read within 7d):',
    '  not started yet: the next backup or sync begins it.',
  ]);
  t.deepEqual(scrubStatusLines(cursor, null), [
    'Rolling verification: off (--scrub-period off); `sync --full` re-verifies everything.',
  ]);
});
