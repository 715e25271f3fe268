import { systemClock } from '../../src/clock.ts';
import { resolveConfig } from '../../src/config.ts';
import type { TraktClientOptions } from '../../src/http/client.ts';
import { Store } from '../../src/load/store.ts';
import type { RestoreEvent } from '../../src/restore/apply.ts';
import { RESTORE_RESOURCES, type RestoreResource } from '../../src/restore/model.ts';
import { type RestoreReport, restore } from '../../src/restore/restore.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { TEST_HTTP, type Workspace } from '../helpers/backup.ts';

/** Writes as fast as a test allows: one per 20 ms (the simulator is told a looser budget, see FAST_SIM). */
export const WRITE_RATE = '1/0.02';

/** A simulator budget the client's write spacing always keeps within. */
export const FAST_SIM = {
  rateLimit: { limit: 1000, windowMs: 1000 },
  writeLimit: { limit: 1, windowMs: 10 },
  lockoutMs: 0,
} as const;

export interface RestoreRun {
  apply?: boolean;
  only?: readonly RestoreResource[];
  asOf?: string;
  batchSize?: number;
  allowOtherAccount?: boolean;
  /** The token of the account written to (default the simulator's main account). */
  token?: string;
  writeRate?: string;
  fetch?: typeof fetch;
  http?: Partial<TraktClientOptions>;
  events?: RestoreEvent[];
}

/** `traktdb restore` in-process against a simulator, with fast retries and a fast write budget. */
export async function restoreAgainst(
  sim: Simulator,
  ws: Workspace,
  run: RestoreRun = {},
): Promise<RestoreReport> {
  const config = resolveConfig(
    {
      db: ws.db,
      archive: ws.archive,
      apiUrl: sim.url,
      authUrl: sim.url,
      clientId: sim.clientId,
      rateLimit: '1000/1',
      writeRate: run.writeRate ?? WRITE_RATE,
    },
    {
      XDG_CONFIG_HOME: ws.configHome,
      TRAKT_ACCESS_TOKEN: run.token ?? sim.accessToken,
      TRAKT_CLIENT_SECRET: sim.clientSecret,
    },
  );
  const store = await Store.open(ws.db);
  try {
    return await restore({
      config,
      store,
      clock: systemClock,
      apply: run.apply ?? false,
      only: run.only ?? RESTORE_RESOURCES,
      asOf: run.asOf,
      batchSize: run.batchSize ?? 100,
      allowOtherAccount: run.allowOtherAccount ?? false,
      onEvent: (event) => run.events?.push(event),
      onHttp: () => {},
      fetch: run.fetch,
      http: { ...TEST_HTTP, ...run.http },
    });
  } finally {
    await store.close();
  }
}

/** API writes (not control routes) the simulator saw, in order. */
export function writes(sim: Simulator): { path: string; at: number; status: number }[] {
  return sim
    .requests()
    .filter((r) => r.method !== 'GET' && !r.path.startsWith('/_sim') && !r.path.startsWith('/oauth'))
    .map((r) => ({ path: r.path, at: r.at, status: r.status }));
}

type Truth = ReturnType<Simulator['truth']>;

/** Plays as a sorted multiset of `type:trakt_id:minute`: what "exact" means for history. */
export function playMultiset(truth: Pick<Truth, 'plays'>): string[] {
  return truth.plays
    .map((p) => {
      const id = p.media_type === 'movie' ? p.movie_trakt_id : p.episode_trakt_id;
      return `${p.media_type}:${id}:${Math.floor(Date.parse(p.watched_at) / 60_000)}`;
    })
    .sort();
}

/** The account by the keys restore compares: plays by minute, ratings with values, items by type and id. */
export function accountKeys(truth: Truth) {
  const items = (rows: { media_type: string; trakt_id: number }[]) =>
    rows.map((r) => `${r.media_type}:${r.trakt_id}`).sort();
  // Lists another user owns (collaborations) are not the account's to restore (docs/restore.md).
  const own = truth.lists.filter((l) => !l.collaboration);
  const listName = new Map(own.map((l) => [l.list_trakt_id, l.name]));
  return {
    plays: playMultiset(truth),
    ratings: truth.ratings.map((r) => `${r.media_type}:${r.trakt_id}=${r.rating}`).sort(),
    watchlist: items(truth.watchlist),
    favorites: items(truth.favorites),
    collection: items(truth.collection),
    lists: own.map((l) => l.name).sort(),
    list_items: truth.list_items
      .filter((i) => listName.has(i.list_trakt_id))
      .map((i) => `${listName.get(i.list_trakt_id)}/${i.media_type}:${i.trakt_id}`)
      .sort(),
  };
}

export function rowsByResource(
  report: RestoreReport,
): Record<string, Omit<RestoreReport['rows'][number], 'resource'>> {
  return Object.fromEntries(report.rows.map(({ resource, ...rest }) => [resource, rest]));
}
