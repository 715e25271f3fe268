/**
 * startSimulator: wires the generated account, OAuth, the rate limiter and
 * the fault engine behind one node:http server, and hands tests a control
 * object (ground truth, mutations, request log, faults, token expiry).
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthStore } from './auth.ts';
import { controlHandler } from './control.ts';
import { buildExportZip, withExportRoute } from './export-zip.ts';
import { FaultEngine, type FaultName, type FaultSpec } from './faults.ts';
import { generateAccount } from './generate.ts';
import type { Simulator } from './handle.ts';
import { type AccountLimits, limitsFor } from './limits.ts';
import { createMutations } from './mutations.ts';
import { Rng } from './prng.ts';
import type { ProfileName } from './profiles.ts';
import { parseQuirks, Quirks } from './quirks.ts';
import { RateLimiter } from './rate-limit.ts';
import { type CreditReport, type ReportRow, type ReportTruthOptions, reportTruth } from './report-truth.ts';
import { Router } from './router.ts';
import { collectionRoutes } from './routes/collection.ts';
import { historyRoutes } from './routes/history.ts';
import { listedRoutes } from './routes/listed.ts';
import { networkRoutes } from './routes/network.ts';
import { peopleRoutes } from './routes/people.ts';
import { playbackRoutes } from './routes/playback.ts';
import { ratingRoutes } from './routes/ratings.ts';
import { showRoutes } from './routes/shows.ts';
import { socialRoutes } from './routes/social.ts';
import { userRoutes } from './routes/users.ts';
import { watchedRoutes } from './routes/watched.ts';
import { collectionWriteRoutes } from './routes/writes-collection.ts';
import { forget } from './routes/writes-common.ts';
import { historyWriteRoutes } from './routes/writes-history.ts';
import { listedWriteRoutes } from './routes/writes-listed.ts';
import { ratingWriteRoutes } from './routes/writes-ratings.ts';
import { emptyAccount } from './second-account.ts';
import { Front } from './server.ts';
import type { RequestLogEntry, SimState } from './state.ts';
import { parseIsoSec } from './time.ts';
import { computeTruth, type GroundTruth, type TruthOptions, type TruthRows } from './truth.ts';
import { Views } from './views.ts';

export interface SimulatorOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default typical. */
  profile?: ProfileName;
  /** Default 1. */
  seed?: number;
  /** GET budget per user; default 500 per 300 000 ms (docs/trakt-api.md §2, #909). */
  rateLimit?: { limit: number; windowMs: number };
  /** POST/PUT/DELETE budget; default 1 per 1000 ms (docs/trakt-api.md §2). */
  writeLimit?: { limit: number; windowMs: number };
  /** After a trip every request of the user is 429 this long; default rateLimit.windowMs (docs/trakt-api.md §2, #827). */
  lockoutMs?: number;
  faults?: FaultSpec;
  /** Access token lifetime; default 7 days (docs/trakt-api.md §4). */
  tokenTtlSeconds?: number;
  /** Added to every API response. */
  latencyMs?: number;
  /** ms since epoch; drives windows, token expiry, device codes and every "now". */
  clock?: () => number;
  /** Where the generated history ends; default 2026-11-01T00:00:00.000Z. */
  anchor?: string;
  /** Device flow poll interval; default 5 (AG example). */
  deviceIntervalSeconds?: number;
  /** Device code lifetime; default 600 (AG example). */
  deviceExpiresSeconds?: number;
  /** Whether the account's profile is private (a token is then needed on /users/{id}/*); default true. */
  privateUser?: boolean;
  /**
   * Departures from Trakt's published contract to reproduce (quirks.ts), in the
   * CLI's spelling: `'notes-404,extra-fields'` or a list. Default none.
   */
  quirks?: string | readonly string[];
  /** The main account's limits where they differ from the VIP ones (docs/trakt-api.md §5); a write past one is 420. */
  limits?: Partial<AccountLimits>;
  /** Whether the account is VIP; default true. A free account gets free limits and no saved filters. */
  vip?: boolean;
  /** What a free account's `/users/saved_filters/{section}` answers (docs/trakt-api.md §9); default 403. */
  vipRefusal?: 403 | 404 | 426;
}

export type {
  CreditReport,
  FaultName,
  FaultSpec,
  GroundTruth,
  ReportRow,
  ReportTruthOptions,
  RequestLogEntry,
  TruthOptions,
  TruthRows,
};

function derived(seed: number, what: string): string {
  return createHash('sha256').update(`traktdb-simulator:${what}:${seed}`).digest('hex');
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? Date.now;
  const rateLimit = options.rateLimit ?? { limit: 500, windowMs: 300_000 };
  const writeLimit = options.writeLimit ?? { limit: 1, windowMs: 1000 };
  const account = generateAccount({
    profile: options.profile ?? 'typical',
    seed,
    anchorSec: parseIsoSec(options.anchor ?? '2026-11-01T00:00:00.000Z'),
  });
  account.profile.private = options.privateUser ?? true;
  account.profile.vip = options.vip ?? true;
  const views = new Views(account);
  const auth = new AuthStore(clock, options.tokenTtlSeconds ?? 7 * 86_400, {
    intervalSeconds: options.deviceIntervalSeconds ?? 5,
    expiresSeconds: options.deviceExpiresSeconds ?? 600,
  });
  const first = auth.issue();
  const mutations = createMutations(account, seed, clock);
  const faults = new FaultEngine(seed, options.faults ?? {});
  const quirks = new Quirks(account);
  quirks.set(parseQuirks(options.quirks ?? []));
  const limits = limitsFor(account.profile.vip, options.limits);
  const second = emptyAccount(account);
  const secondViews = new Views(second);
  const secondTokens = auth.issue(1);
  const state: SimState = {
    account,
    views,
    mutate: mutations,
    limits,
    vipRefusal: options.vipRefusal ?? 403,
    accountOf: (token) => (auth.ownerOf(token) === 1 ? secondState : state),
    auth,
    limiter: new RateLimiter(rateLimit, writeLimit, options.lockoutMs ?? rateLimit.windowMs),
    faults,
    quirks,
    clock,
    clientId: derived(seed, 'client-id'),
    clientSecret: derived(seed, 'client-secret'),
    log: [],
    counter: 0,
    drift: (counter) => {
      // Page drift: someone adds or removes a backdated play while a client pages the history.
      const rng = new Rng(seed, 7000 + counter);
      if (rng.chance(0.5) || account.plays.length === 0) {
        return `added ${mutations.addPlays(1, { backdated: true })[0]}`;
      }
      const id = account.plays.id[rng.int(account.plays.length)]!;
      return `removed ${mutations.removePlays([id])[0]}`;
    },
  };
  // The second account sees the same server (budget, faults, log) through its own account.
  const secondState: SimState = Object.assign(Object.create(state) as SimState, {
    account: second,
    views: secondViews,
    mutate: createMutations(second, seed + 1, clock),
    limits: limitsFor(false),
  });
  const setLimits = (target: AccountLimits, vip: boolean, changes: Partial<AccountLimits>) => {
    Object.assign(target, limitsFor(vip, { ...target, ...changes }));
  };
  const router = new Router([
    ...historyRoutes,
    ...ratingRoutes,
    ...listedRoutes,
    ...collectionRoutes,
    ...watchedRoutes,
    ...playbackRoutes,
    ...userRoutes,
    ...socialRoutes,
    ...networkRoutes,
    ...showRoutes,
    ...peopleRoutes,
    ...historyWriteRoutes,
    ...ratingWriteRoutes,
    ...listedWriteRoutes,
    ...collectionWriteRoutes,
  ]);
  let sampleCalls = 0;
  let url = '';
  let front: Front | undefined;
  const sim: Simulator = {
    get url() {
      return url;
    },
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    accessToken: first.access_token,
    refreshToken: first.refresh_token,
    userSlug: account.profile.slug,
    close: async () => {
      for (const timer of front?.timers ?? []) clearTimeout(timer);
      front?.timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    truth: (truthOptions) => computeTruth(account, views, quirks, truthOptions),
    reportTruth: (name, reportOptions) => reportTruth(account, name, reportOptions),
    mutate: mutations,
    requests: () => state.log.map((e) => ({ ...e })),
    clearRequests: () => {
      state.log.length = 0;
    },
    setFaults: (spec) => faults.set(spec),
    setQuirks: (list) => quirks.set(parseQuirks(list)),
    quirks: () => quirks.list(),
    expireAccessTokens: () => auth.expireAll(),
    device: {
      approve: (code) => auth.decide(code, true),
      deny: (code) => auth.decide(code, false),
    },
    sample: (table, n) => {
      const rows = computeTruth(account, views, quirks, { credits: table === 'credits' })[
        table
      ] as TruthRows[typeof table][];
      const rng = new Rng(seed, 9000 + sampleCalls++);
      return rng.sample(rows.length, n).map((k) => rows[k]!);
    },
    exportZip: (exportOptions) => buildExportZip(state, router, exportOptions),
    limits: () => ({ ...state.limits }),
    setLimits: (changes) => setLimits(state.limits, account.profile.vip, changes),
    second: {
      accessToken: secondTokens.access_token,
      refreshToken: secondTokens.refresh_token,
      userSlug: second.profile.slug,
      truth: (truthOptions) => computeTruth(second, secondViews, quirks, truthOptions),
      mutate: secondState.mutate,
      limits: () => ({ ...secondState.limits }),
      setLimits: (changes) => setLimits(secondState.limits, second.profile.vip, changes),
    },
    forget: (mediaType, traktId) => forget(account.universe, mediaType, traktId),
  };
  front = new Front(
    state,
    router,
    { latencyMs: options.latencyMs ?? 0, seed },
    withExportRoute(controlHandler(sim), sim.exportZip),
  );
  const handler = front;
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    handler.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'server_error', error_description: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;
  return sim;
}
