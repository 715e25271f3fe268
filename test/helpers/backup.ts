import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext, TestFn } from 'ava';
import { type Clock, systemClock } from '../../src/clock.ts';
import { resolveConfig } from '../../src/config.ts';
import type { ExtractEvent } from '../../src/extract/events.ts';
import type { ExtractMode } from '../../src/extract/runner.ts';
import type { TraktClientOptions } from '../../src/http/client.ts';
import { Store } from '../../src/load/store.ts';
import { type PullSummary, pull } from '../../src/runs/pull.ts';
import {
  type RequestLogEntry,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.ts';
import { tempDir } from './env.ts';

/**
 * HTTP settings for in-process runs against the simulator: retries come back at once (the
 * back-off is tested in test/http, not here), and a request times out only when something
 * hangs. A 2 s timeout used to fire on a busy machine (load 18: one simulator answer in a
 * process that also runs DuckDB can wait that long) and failed runs that were fine; tests
 * whose subject is the timeout set their own.
 */
export const TEST_HTTP = { retryBaseMs: 5, retryMaxMs: 50, timeoutMs: 30_000, rateLimitMarginMs: 0 } as const;

export interface Workspace {
  dir: string;
  db: string;
  archive: string;
  configHome: string;
}

export async function workspace(t: ExecutionContext): Promise<Workspace> {
  const dir = await tempDir(t);
  return { dir, db: join(dir, 'trakt.duckdb'), archive: join(dir, 'raw'), configHome: join(dir, 'config') };
}

/** Runs a backup or sync in-process against a simulator, with fast retries for tests. */
export async function runAgainst(
  sim: Simulator,
  ws: Workspace,
  options: {
    mode?: ExtractMode;
    env?: Record<string, string>;
    http?: Partial<TraktClientOptions>;
    events?: ExtractEvent[];
    rateLimit?: string;
    concurrency?: number;
    /** Stands between the client and the simulator, e.g. to fail some requests. */
    fetch?: typeof fetch;
    /** The run's clock (default the system's): tests move time on without waiting. */
    clock?: Clock;
  } = {},
): Promise<PullSummary> {
  const env = {
    XDG_CONFIG_HOME: ws.configHome,
    TRAKT_ACCESS_TOKEN: sim.accessToken,
    TRAKT_CLIENT_SECRET: sim.clientSecret,
    ...options.env,
  };
  const config = resolveConfig(
    {
      db: ws.db,
      archive: ws.archive,
      apiUrl: sim.url,
      authUrl: sim.url,
      clientId: sim.clientId,
      rateLimit: options.rateLimit ?? '1000/1',
      concurrency: options.concurrency ?? 4,
    },
    env,
  );
  const store = await Store.open(ws.db);
  try {
    return await pull({
      mode: options.mode ?? 'backup',
      config,
      store,
      clock: options.clock ?? systemClock,
      onExtract: (event) => options.events?.push(event),
      onHttp: () => {},
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      http: { ...TEST_HTTP, ...options.http },
    });
  } finally {
    await store.close();
  }
}

/**
 * One backup of the account a simulator serves for a profile and seed, made once for a test
 * file and copied into each test's workspace. Every simulator started with the same profile
 * and seed serves the same account (its history is anchored to a fixed date), so a copy is
 * what a backup against that test's own simulator would have written, for the cost of a
 * file copy: a typical backup costs 2-3 CPU seconds, the copy a few milliseconds.
 */
export interface SharedBackup {
  options: SimulatorOptions;
  ws: Workspace;
  summary: PullSummary;
  /** The account as the simulator served it, and the requests it answered during the backup. */
  truth: ReturnType<Simulator['truth']>;
  requests: RequestLogEntry[];
}

/**
 * Registers a test.before that backs up the account of `options` once, and a
 * test.after.always that removes it; the returned function gives the backup to the tests.
 */
export function sharedBackup<C>(test: TestFn<C>, options: SimulatorOptions): () => SharedBackup {
  let shared: SharedBackup | undefined;
  test.before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traktdb-shared-'));
    const ws = {
      dir,
      db: join(dir, 'trakt.duckdb'),
      archive: join(dir, 'raw'),
      configHome: join(dir, 'config'),
    };
    const sim = await startSimulator(options);
    try {
      const summary = await runAgainst(sim, ws);
      shared = { options, ws, summary, truth: sim.truth(), requests: sim.requests() };
    } finally {
      await sim.close();
    }
  });
  test.after.always(async () => {
    if (shared !== undefined) await rm(shared.ws.dir, { recursive: true, force: true });
  });
  return () => {
    if (shared === undefined) throw new Error('the shared backup is made in test.before');
    return shared;
  };
}

/** A simulator of the shared backup's account and a workspace holding a copy of that backup. */
export async function fromSharedBackup(
  t: ExecutionContext,
  shared: SharedBackup,
): Promise<{ sim: Simulator; ws: Workspace }> {
  const sim = await startSimulator(shared.options);
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  await cp(shared.ws.archive, ws.archive, { recursive: true });
  await cp(shared.ws.db, ws.db);
  return { sim, ws };
}
