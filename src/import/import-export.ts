import type { ExtractListener } from '../extract/events.ts';
import type { MirrorTable, Stage, Store } from '../load/store.ts';
import { commitExport } from './commit-export.ts';
import { type ImportLimits, limitsWith } from './limits.ts';
import { openExport } from './open-export.ts';
import { readExport } from './read-export.ts';
import type { ImportSummary } from './summary.ts';

export type { ImportSummary, OtherFile, RecognizedFile, TableImport } from './summary.ts';

export interface ImportOptions {
  /** The export: the ZIP downloaded from trakt.tv, or the directory it was extracted to. */
  path: string;
  store: Store;
  /** Root of the raw archive; the export's files are archived there as a run of mode `import`. */
  archive: string;
  now: () => string;
  limits?: Partial<ImportLimits>;
  /**
   * Progress, as the extractor reports it: a `page` per file read (resource
   * `export files`), then a `resource-done` per table committed.
   */
  emit?: ExtractListener;
}

/**
 * Loads Trakt's data export through the same normalizers and the same
 * Store stages and commits as the API path.
 *
 * First pass: every file is read (sizes enforced while streaming), parsed,
 * classified by its shape, normalized and staged. Any bad input (a hostile
 * or damaged archive, invalid JSON, an item no normalizer accepts) stops
 * here with a UsageError: no run is recorded, nothing is archived, nothing
 * is loaded. Second pass: a run of mode `import` starts, the files are
 * archived as received (each as a response with method IMPORT and the path
 * inside the export, so `rebuild` replays imports too), and each table
 * commits with scope `upsert`.
 *
 * An export is a snapshot of a past moment: the import inserts and updates,
 * never deletes, and writes no sync_state. It drops the sync_state of every
 * resource it loaded, so the next `sync` verifies those against the API in
 * full and the database converges on the account as it is now, whichever of
 * import and sync came first.
 */
export async function importExport(options: ImportOptions): Promise<ImportSummary> {
  const { store } = options;
  const source = await openExport(options.path, limitsWith(options.limits));
  const stages = new Map<MirrorTable, Stage>();
  try {
    const plan = await readExport(source, store, stages, options.now, options.emit ?? (() => {}));
    return await commitExport(source, store, stages, plan, options);
  } catch (error) {
    for (const stage of stages.values()) await stage.discard().catch(() => undefined);
    throw error;
  } finally {
    await source.close();
  }
}
