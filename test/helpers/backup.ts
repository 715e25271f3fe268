import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { type Clock, systemClock } from '../../src/clock.ts';
import { resolveConfig } from '../../src/config.ts';
import type { ExtractEvent } from '../../src/extract/events.ts';
import type { ExtractMode } from '../../src/extract/runner.ts';
import type { TraktClientOptions } from '../../src/http/client.ts';
import { Store } from '../../src/load/store.ts';
import { type PullSummary, pull } from '../../src/runs/pull.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { tempDir } from './env.ts';

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
      http: { retryBaseMs: 5, retryMaxMs: 50, timeoutMs: 2000, rateLimitMarginMs: 0, ...options.http },
    });
  } finally {
    await store.close();
  }
}
