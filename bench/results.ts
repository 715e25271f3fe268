import type { ProfileName } from '../src/simulator/index.ts';
import type { Machine } from './machine.ts';
import type { BackupSection } from './sections/backup.ts';
import type { LoadSection, RebuildRun } from './sections/load.ts';
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
}
