import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { snapshot } from '../crash/helpers/db-check.ts';
import type { BackupTemplate } from '../crash/helpers/trial.ts';
import { runAgainst } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';
import { type FaultCase, runFaultCase } from './helpers/fault-case.ts';

const test = anyTest as TestFn<{ template: BackupTemplate }>;

/**
 * The fault matrix: every simulator fault alone, and pairs of them, during a
 * backup or a sync. Transient faults must end in exact tables (or, when one
 * request meets more of them than its retry budget, in a documented stop);
 * faults that cannot be ridden out must stop the run with the documented
 * exit code (docs/configuration.md, "Exit codes"), a message naming the endpoint, and the
 * database at its last committed state, which the next run completes. Rates are high because the tiny account makes
 * about 27 requests; bans are short (`ms`) so Retry-After costs a second.
 */
const SHORT_TIMEOUT = { timeoutMs: 400 };
const AUTH = { exit: 3 } as const;
const FAILURE = { exit: 1 } as const;
/** An item no reader accepts is kept in rejected_items: the run ends incomplete, not failed. */
const REJECTED = { exit: 4 } as const;

const SINGLES: FaultCase[] = [
  { name: 'json429', mode: 'backup', faults: { json429: { rate: 0.15, ms: 1000 } }, expect: 'exact' },
  { name: 'html429', mode: 'backup', faults: { html429: { rate: 0.05, ms: 1000 } }, expect: 'exact' },
  { name: 'http5xx bursts', mode: 'backup', faults: { http5xx: { rate: 0.15, burst: 2 } }, expect: 'exact' },
  { name: 'reset', mode: 'backup', faults: { reset: 0.15 }, expect: 'exact' },
  {
    name: 'slow past the timeout',
    mode: 'backup',
    faults: { slow: { rate: 0.1, ms: 3000 } },
    http: SHORT_TIMEOUT,
    expect: 'exact',
  },
  { name: 'truncate', mode: 'backup', faults: { truncate: 0.15 }, expect: 'exact' },
  { name: 'html', mode: 'backup', faults: { html: 0.1 }, expect: 'exact' },
  { name: 'dupes', mode: 'backup', faults: { dupes: 1 }, expect: 'exact' },
  {
    name: 'drift',
    mode: 'backup',
    profile: 'typical',
    faults: { drift: { rate: 0.5, max: 3 } },
    expect: 'exact',
  },
  {
    name: 'expire, good refresh',
    mode: 'backup',
    token: 'file',
    faults: { expire: { afterRequests: 10, max: 1 } },
    expect: 'exact',
  },
  { name: 'unknownField', mode: 'backup', faults: { unknownField: 1 }, expect: 'exact' },
  {
    name: 'refresh token already used',
    mode: 'backup',
    token: 'spent-refresh',
    faults: { expire: { afterRequests: 10, max: 1 } },
    expect: { exit: 3, message: /refresh|log ?in/i },
  },
  {
    name: '420',
    mode: 'backup',
    armAfter: 12,
    faults: { '420': 1 },
    expect: { exit: 1, message: /420|limit/i },
  },
  {
    name: '423',
    mode: 'backup',
    armAfter: 12,
    faults: { '423': 1 },
    expect: { exit: 3, message: /locked|423/i },
  },
  {
    name: '426',
    mode: 'backup',
    armAfter: 12,
    faults: { '426': 1 },
    expect: { exit: 1, message: /VIP|426/i },
  },
  // One request at a time, so the field goes missing from the first page that has one: history's.
  { name: 'missingField', mode: 'backup', concurrency: 1, faults: { missingField: 1 }, expect: REJECTED },
  { name: 'http5xx outage', mode: 'backup', armAfter: 12, faults: { http5xx: 1 }, expect: FAILURE },
];

const PAIRS: FaultCase[] = [
  {
    name: 'json429 + http5xx',
    mode: 'backup',
    faults: { json429: { rate: 0.1, ms: 1000 }, http5xx: 0.1 },
    expect: 'exact',
  },
  {
    name: 'html429 + reset',
    mode: 'backup',
    faults: { html429: { rate: 0.04, ms: 1000 }, reset: 0.1 },
    expect: 'exact',
  },
  {
    name: 'slow + truncate',
    mode: 'backup',
    faults: { slow: { rate: 0.08, ms: 3000 }, truncate: 0.1 },
    http: SHORT_TIMEOUT,
    expect: 'exact',
  },
  {
    name: 'expire + http5xx',
    mode: 'backup',
    token: 'file',
    faults: { expire: { afterRequests: 8, max: 1 }, http5xx: 0.1 },
    expect: 'exact',
  },
  {
    name: 'missingField + unknownField',
    mode: 'backup',
    concurrency: 1,
    faults: { missingField: 1, unknownField: 1 },
    expect: REJECTED,
  },
  {
    name: '426 + json429',
    mode: 'backup',
    armAfter: 12,
    faults: { '426': 1, json429: { rate: 0.1, ms: 1000 } },
    expect: FAILURE,
  },
  {
    name: '423 + slow',
    mode: 'backup',
    armAfter: 12,
    faults: { '423': 1, slow: { rate: 0.1, ms: 3000 } },
    http: SHORT_TIMEOUT,
    expect: AUTH,
  },
  {
    name: 'refresh token already used + reset',
    mode: 'backup',
    token: 'spent-refresh',
    faults: { expire: { afterRequests: 8, max: 1 }, reset: 0.1 },
    expect: AUTH,
  },
];

const SYNCS: FaultCase[] = [
  { name: 'http5xx + reset', mode: 'sync', faults: { http5xx: 0.15, reset: 0.15 }, expect: 'exact' },
  {
    name: 'expire, good refresh',
    mode: 'sync',
    token: 'file',
    faults: { expire: { afterRequests: 4, max: 1 } },
    expect: 'exact',
  },
  { name: '420 mid-sync', mode: 'sync', armAfter: 5, faults: { '420': 1 }, expect: FAILURE },
  {
    name: 'html429 + slow',
    mode: 'sync',
    faults: { html429: { rate: 0.2, ms: 1000 }, slow: { rate: 0.2, ms: 3000 } },
    http: SHORT_TIMEOUT,
    expect: 'exact',
  },
  {
    name: 'refresh token already used',
    mode: 'sync',
    token: 'spent-refresh',
    faults: { expire: { afterRequests: 4, max: 1 } },
    expect: AUTH,
  },
];

/** Every sync case starts from one backup of this account, made once for the file and copied. */
const SYNC_SEED = 650;

test.before(async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'traktdb-faults-'));
  const sim = await startSimulator({
    profile: 'tiny',
    seed: SYNC_SEED,
    rateLimit: { limit: 1000, windowMs: 1000 },
  });
  const ws = {
    dir,
    db: join(dir, 'trakt.duckdb'),
    archive: join(dir, 'raw'),
    configHome: join(dir, 'config'),
  };
  try {
    await runAgainst(sim, ws, { mode: 'backup' });
  } finally {
    await sim.close();
  }
  t.context.template = { seed: SYNC_SEED, ws, before: await withDuck(ws.db, snapshot) };
});

test.after.always(async (t) => {
  if (t.context.template !== undefined) await rm(t.context.template.ws.dir, { recursive: true, force: true });
});

const ALL = [
  ...SINGLES.map((c) => ({ ...c, group: 'one fault' })),
  ...PAIRS.map((c) => ({ ...c, group: 'two faults' })),
  ...SYNCS.map((c) => ({ ...c, group: 'one or two faults' })),
];

for (const [index, c] of ALL.entries()) {
  const outcome =
    c.expect === 'exact' ? 'exact tables' : `exit ${c.expect.exit}, endpoint named, nothing half-written`;
  test(`${c.mode}, ${c.group}: ${c.name} -> ${outcome}`, async (t) => {
    const result = await runFaultCase(t, c, 600 + index, t.context.template);
    t.log(
      `${result.injected} faults injected over ${result.requests} requests; exit ${result.exit}${result.message ? `: ${result.message}` : ''}`,
    );
    t.log(`hit: ${[...new Set(result.hits)].slice(0, 6).join('; ')}`);
    t.true(result.injected > 0, 'the fault fired');
  });
}

test('the fault matrix counts its cases', (t) => {
  t.log(
    `${SINGLES.length} single faults and ${PAIRS.length} pairs in a backup, ${SYNCS.length} cases in a sync: ${ALL.length} cases`,
  );
  t.is(ALL.length, SINGLES.length + PAIRS.length + SYNCS.length);
});
