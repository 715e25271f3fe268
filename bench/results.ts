import type { ProfileName } from '../src/simulator/index.ts';
import type { Machine } from './machine.ts';
import type { BackupSection } from './sections/backup.ts';
import type { LoadSection, RebuildRun } from './sections/load.ts';
import type { RestoreSection } from './sections/restore.ts';
import type { SyncScenario } from './sections/sync.ts';

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  meta: {
    date: string;
    command: string;
    totalMs: number;
    quick: boolean;
    warpFactor: number;
    budget: { limit: number; windowMs: number };
    concurrency: number;
    profiles: { main: ProfileName; large: ProfileName };
    before: Machine;
    after: Machine;
  };
  backup: BackupSection;
  sync: SyncScenario[];
  /** Rebuild of the first backup's archive (the main profile), for the memory comparison. */
  mainRebuild: RebuildRun;
  load: LoadSection;
  /** Section 6 (issue 16); absent from runs made before it existed. */
  restore?: RestoreSection;
}
