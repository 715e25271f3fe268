import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { exitCodeOf } from '../../../src/errors.ts';
import type { TraktClientOptions } from '../../../src/http/client.ts';
import { type FaultSpec, type Simulator, startSimulator } from '../../../src/simulator/index.ts';
import {
  duplicateKeys,
  exactProblems,
  runs,
  snapshot,
  subsetProblems,
  type Tables,
} from '../../crash/helpers/db-check.ts';
import { type BackupTemplate, copyTemplate } from '../../crash/helpers/trial.ts';
import { runAgainst, type Workspace, workspace } from '../../helpers/backup.ts';
import { withDuck } from '../../helpers/tables.ts';

const FAST = { limit: 1000, windowMs: 1000 };

export type Expect = 'exact' | { exit: 1 | 3 | 4; message?: RegExp };

export interface FaultCase {
  /** e.g. `json429` or `json429 + http5xx`. */
  name: string;
  faults: FaultSpec;
  mode: 'backup' | 'sync';
  expect: Expect;
  /** Faults switched on only once the run has made this many requests (a failure mid-run). */
  armAfter?: number;
  profile?: 'tiny' | 'typical';
  http?: Partial<TraktClientOptions>;
  /** Requests in flight (default 4); 1 makes the order of requests, and so which one a fault hits, fixed. */
  concurrency?: number;
  /** `file`: a token file with a good refresh token; `spent-refresh`: its refresh token was already used. */
  token?: 'env' | 'file' | 'spent-refresh';
}

export interface CaseResult {
  /** `fault METHOD path` of every faulted request, in order. */
  hits: string[];
  exit: number;
  message: string | undefined;
  /** Requests the simulator answered with an injected fault (401s of an expiry included). */
  injected: number;
  requests: number;
}

/** An API request with the headers Trakt wants, straight at the simulator. */
async function post(sim: Simulator, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'traktdb-test',
      'trakt-api-key': sim.clientId,
      'trakt-api-version': '2',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Writes `<configHome>/traktdb/token.json` as `auth login` would, and returns its path. */
async function writeToken(ws: Workspace, access: string, refresh: string): Promise<string> {
  const dir = join(ws.configHome, 'traktdb');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'token.json');
  const body = {
    access_token: access,
    refresh_token: refresh,
    expires_in: 7 * 86_400,
    created_at: Math.floor(Date.now() / 1000),
    token_type: 'bearer',
    scope: 'public',
  };
  await writeFile(path, `${JSON.stringify(body)}\n`, { mode: 0o600 });
  return path;
}

interface TokenSetup {
  env: Record<string, string>;
  /** What a person would do after exit 3: sign in again (here: a still-good pair into the token file). */
  relogin(): Promise<void>;
}

/** Sets up the token the case asks for. */
async function tokenSetup(sim: Simulator, ws: Workspace, token: FaultCase['token']): Promise<TokenSetup> {
  if (token === undefined || token === 'env') return { env: {}, relogin: async () => {} };
  if (token === 'file') {
    await writeToken(ws, sim.accessToken, sim.refreshToken);
    return { env: { TRAKT_ACCESS_TOKEN: '' }, relogin: async () => {} };
  }
  // Spend the first refresh token: the second pair's access token is good until it expires, and
  // the token file holds the spent refresh token, so nothing can renew it.
  const second = await post(sim, '/oauth/token', {
    refresh_token: sim.refreshToken,
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
    grant_type: 'refresh_token',
  });
  await writeToken(ws, String(second['access_token']), sim.refreshToken);
  return {
    env: { TRAKT_ACCESS_TOKEN: '' },
    relogin: async () => {
      await writeToken(ws, String(second['access_token']), String(second['refresh_token']));
    },
  };
}

function injectedCount(sim: Simulator): number {
  return sim.requests().filter((r) => r.fault !== undefined || r.status === 401).length;
}

/**
 * Runs one fault case: an account (backed up first for a sync), the faults,
 * the run; then the promise: exact tables, or the documented exit code, a
 * message naming the endpoint, a ledger that says failed, and a database at
 * its last committed state, which the next run (no faults) completes.
 */
export async function runFaultCase(
  t: ExecutionContext,
  c: FaultCase,
  seed: number,
  /** For a sync: a backup of the tiny account of `template.seed` to start from (the simulator takes that seed). */
  template?: BackupTemplate,
): Promise<CaseResult> {
  const accountSeed = c.mode === 'sync' && template !== undefined ? template.seed : seed;
  const sim = await startSimulator({ profile: c.profile ?? 'tiny', seed: accountSeed, rateLimit: FAST });
  t.teardown(() => sim.close());
  const ws = await workspace(t);
  const token = await tokenSetup(sim, ws, c.token);
  const env = token.env;
  const http = { maxRetries: 8, ...c.http };
  const allowed: Tables[] = [];
  if (c.mode === 'sync') {
    if (template === undefined) {
      await runAgainst(sim, ws, { mode: 'backup', env });
      allowed.push(await withDuck(ws.db, snapshot));
    } else {
      allowed.push(await copyTemplate(template, ws));
    }
    sim.mutate.addPlays(4);
    sim.mutate.addPlays(1, { backdated: true });
    sim.mutate.watchlistRemove({ count: 1 });
    sim.mutate.listCreate('A list made during the fault matrix');
  }
  const truth = sim.truth() as unknown as Tables;
  sim.clearRequests();

  // A failure mid-run: the faults are switched on as the client sends its request number
  // `armAfter` (0-based), before that request leaves. Counting at the client, not by polling the
  // simulator's log on a timer, so a busy machine cannot let the run finish before they arm.
  let sent = 0;
  const armingFetch: typeof fetch = (input, init) => {
    if (sent++ === c.armAfter) sim.setFaults(c.faults);
    return fetch(input, init);
  };
  if (c.armAfter === undefined) sim.setFaults(c.faults);
  let exit = 0;
  let message: string | undefined;
  try {
    const summary = await runAgainst(sim, ws, {
      mode: c.mode,
      env,
      http,
      ...(c.concurrency === undefined ? {} : { concurrency: c.concurrency }),
      ...(c.armAfter === undefined ? {} : { fetch: armingFetch }),
    });
    if (summary.status === 'incomplete') {
      exit = 4;
      message = `incomplete: ${summary.extract.incomplete.join(', ')}`;
    }
  } catch (error) {
    exit = exitCodeOf(error);
    message = error instanceof Error ? error.message : String(error);
  }
  const hits = sim
    .requests()
    .filter((r) => r.fault !== undefined || r.status === 401)
    .map((r) => `${r.fault ?? r.status} ${r.method} ${r.path}`);
  const result = { hits, exit, message, injected: injectedCount(sim), requests: sim.requests().length };
  sim.setFaults({});
  // `drift` changes the account while the run pages it: the run must end at the account as it is now.
  const now = sim.truth() as unknown as Tables;

  if (c.expect === 'exact' && exit === 0) {
    await withDuck(ws.db, async (duck) => {
      t.deepEqual(await exactProblems(duck, now), [], `${c.name}: tables`);
      t.is((await runs(duck)).at(-1)?.status, 'succeeded');
    });
    if (c.token === 'file') {
      // The expiry was ridden out by a refresh, and the rotated pair replaced the stored one.
      const stored = await readToken(ws);
      t.not(stored['access_token'], sim.accessToken);
      t.not(stored['refresh_token'], sim.refreshToken);
    }
    return result;
  }

  if (c.expect === 'exact') {
    // Retries are bounded (an HTML page twice, anything else maxRetries times), so faults that
    // repeat on one request may still stop the run: then it is a documented stop, checked as such.
    t.true(exit === 1 || exit === 4, `${c.name}: exit ${exit} (${message})`);
  } else {
    t.is(exit, c.expect.exit, `${c.name}: exit code (${message})`);
    if (c.expect.message) t.regex(message ?? '', c.expect.message);
  }
  // One sentence that names the request (METHOD /path), or for exit 4 the resources.
  if (exit !== 4)
    t.regex(message ?? '', /\b(GET|POST) \/[\w/.-]+/, `${c.name}: the message names the endpoint`);
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(await duplicateKeys(duck), []);
    t.deepEqual(await subsetProblems(duck, [...allowed, truth, now]), [], `${c.name}: half-written rows`);
    const last = (await runs(duck)).at(-1);
    t.is(last?.status, exit === 4 ? 'incomplete' : 'failed');
  });
  // With the fault gone (and a fresh login where the token cannot be renewed), the next run completes.
  await token.relogin();
  await runAgainst(sim, ws, { mode: c.mode, env, http });
  await withDuck(ws.db, async (duck) => {
    t.deepEqual(
      await exactProblems(duck, sim.truth() as unknown as Tables),
      [],
      `${c.name}: after the next run`,
    );
  });
  return result;
}

/** The token file after a run (for rotation checks). */
export async function readToken(ws: Workspace): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(ws.configHome, 'traktdb', 'token.json'), 'utf8'));
}
