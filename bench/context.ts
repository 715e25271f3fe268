import type { ProfileName, Simulator } from '../src/simulator/index.ts';
import type { Warp } from './warp.ts';

/** What every section needs: the scaled clock, where to put files, and how to log progress. */
export interface BenchContext {
  warp: Warp;
  /** Trakt's budget in the warped clock's milliseconds (docs/trakt-api.md §2: 500 GETs per 300 s, #909). */
  budget: { limit: number; windowMs: number };
  concurrency: number;
  /** Scratch directory for databases and archives. */
  dir: string;
  quick: boolean;
  profiles: { main: ProfileName; large: ProfileName };
  backupRuns: number;
  repeats: number;
  log: (line: string) => void;
}

export function connection(sim: Simulator): {
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
} {
  return {
    apiUrl: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    accessToken: sim.accessToken,
  };
}

/** API requests in the simulator's log (not its control routes). */
export function apiRequests(sim: Simulator) {
  return sim.requests().filter((r) => !r.path.startsWith('/_sim') && !r.path.startsWith('/oauth'));
}
