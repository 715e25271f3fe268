/**
 * The running simulator as tests and tools drive it: startSimulator
 * (simulator.ts) returns one, and the /_sim/* control routes (control.ts)
 * serve the same operations over HTTP.
 */

import type { ExportZipOptions } from './export-zip.ts';
import type { FaultSpec } from './faults.ts';
import type { AccountLimits } from './limits.ts';
import type { Mutations } from './mutations.ts';
import type { CreditReport, ReportRow, ReportTruthOptions } from './report-truth.ts';
import type { RequestLogEntry } from './state.ts';
import type { GroundTruth, TruthOptions, TruthRows } from './truth.ts';
import type { MediaKind } from './universe.ts';

/** One account of the simulator, as a test drives it. */
export interface SimAccountControl {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userSlug: string;
  truth(options?: TruthOptions): GroundTruth;
  mutate: Mutations;
  /** The account's limits now (docs/trakt-api.md §5). */
  limits(): AccountLimits;
  /** Changes some limits (e.g. a watchlist capped at 6, for a 420). */
  setLimits(limits: Partial<AccountLimits>): void;
}

export interface Simulator {
  /** Base URL; serves the API and the /oauth/* routes. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** A ready, valid token for the account (the one issued at start). */
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userSlug: string;
  close(): Promise<void>;
  /** What a perfect exporter's tables hold now; `{credits: true}` for one that also fetched credits. */
  truth(options?: TruthOptions): GroundTruth;
  /** The expected rows of `top-people`, `networks` and `countries` (docs/reports.md), from the account as it is now. */
  reportTruth(name: CreditReport, options?: ReportTruthOptions): ReportRow[];
  mutate: Mutations;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  setFaults(faults: FaultSpec): void;
  /** Replaces the quirks (same spelling as the option); [] follows the contract again. */
  setQuirks(quirks: string | readonly string[]): void;
  /** The quirks in force, in the CLI's spelling. */
  quirks(): string[];
  /** Every current access token now gives 401; refresh tokens still work. */
  expireAccessTokens(): void;
  /** Stands in for the user at https://trakt.tv/activate. Returns false when no pending code matches. */
  device: { approve(userCode: string): boolean; deny(userCode: string): boolean };
  /** `n` rows of a truth table, picked by a seeded draw (for tests that need existing ids). */
  sample<T extends keyof TruthRows>(table: T, n: number): TruthRows[T][];
  /** The account as Trakt's own data export ZIP (also `GET /_sim/export.zip`). */
  exportZip(options?: ExportZipOptions): Promise<Buffer>;
  /** The main account's limits now (docs/trakt-api.md §5). */
  limits(): AccountLimits;
  setLimits(limits: Partial<AccountLimits>): void;
  /** A second, empty (free) account on the same media universe, with a token of its own: migrations go there. */
  second: SimAccountControl;
  /** Trakt no longer knows this item (merged or deleted): writes naming it answer it under `not_found`. */
  forget(mediaType: MediaKind, traktId: number): void;
}
