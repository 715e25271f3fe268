/**
 * The local Trakt API simulator: a faithful stand-in for api.trakt.tv and
 * auth.trakt.tv (docs/trakt-api.md), over a generated, seeded account. It imports
 * nothing from the rest of src/, so a misunderstanding of the API cannot
 * hide in both the client and the simulator.
 */

export type { ExportZipOptions } from './export-zip.ts';
export {
  ALL_FAULTS,
  FAULT_NAMES,
  type FaultConfig,
  type FaultName,
  type FaultSpec,
  parseFaults,
} from './faults.ts';
export type { SimAccountControl, Simulator } from './handle.ts';
export type { AddPlaysOptions, IdsOrCount, Mutations } from './mutations.ts';
export type { ProfileName } from './profiles.ts';
export { PROFILES } from './profiles.ts';
export { parseQuirks, QUIRK_NAMES, type Quirk, type QuirkName } from './quirks.ts';
export type { CreditReport, ReportRow, ReportTruthOptions } from './report-truth.ts';
export {
  type GroundTruth,
  type RequestLogEntry,
  type SimulatorOptions,
  startSimulator,
  type TruthOptions,
  type TruthRows,
} from './simulator.ts';
