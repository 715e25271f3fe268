import { catalog } from '../../pipelines/catalog.ts';
import { UsageError } from '../errors.ts';
import type { ExtractListener } from '../extract/events.ts';
import { RunArchive } from '../land/archive.ts';
import type { CommitEntry } from '../land/manifest.ts';
import type { MirrorTable, Stage, Store } from '../load/store.ts';
import { buildModels } from '../models/build.ts';
import { sha256, stripBom } from './bytes.ts';
import { ByteBudget, type ExportSource } from './export-source.ts';
import type { Group, Plan } from './read-export.ts';
import type { ImportSummary, TableImport } from './summary.ts';

/** What the second pass needs of the import's options. */
export interface CommitOptions {
  /** Root of the raw archive. */
  archive: string;
  now: () => string;
  emit?: ExtractListener | undefined;
}

/**
 * The second pass: a run of mode `import`, the files archived as received,
 * one commit per table with scope `upsert`, the models rebuilt.
 */
export async function commitExport(
  source: ExportSource,
  store: Store,
  stages: Map<MirrorTable, Stage>,
  plan: Plan,
  options: CommitOptions,
): Promise<ImportSummary> {
  const startedAt = options.now();
  const runId = await store.startRun('import', startedAt);
  const unrecognized = [...plan.unrecognized.values()];
  const status = unrecognized.length > 0 ? 'incomplete' : 'succeeded';
  try {
    const archive = await RunArchive.open(options.archive, runId, 'import', startedAt);
    const archived = new Map<string, string>();
    const budget = new ByteBudget();
    for (const file of plan.read) {
      const bytes = await source.read(file.entry, budget);
      if (sha256(bytes) !== file.sha256) {
        throw new UsageError(
          `${source.label}: ${file.entry.path} changed while it was being imported; import it again once nothing writes to it.`,
        );
      }
      const body = stripBom(bytes.toString('utf8'));
      const saved = await archive.saveResponse(
        file.resource,
        { method: 'IMPORT', path: file.entry.path, status: 200, body, items: file.items },
        startedAt,
      );
      archived.set(file.entry.path, saved);
    }
    const tables: Record<string, TableImport> = {};
    let mediaChanged = 0;
    for (const [table, stage] of stages) {
      const rows = stage.rowCount;
      const groups = plan.groups.filter((g) => g.table === table);
      // As the API path does: the archive records a load before the database commits it, so a
      // crash in between leaves the archive ahead of the database (rebuild replays it), never behind.
      for (const group of groups) await archive.recordCommit(commitEntry(group, archived, startedAt));
      const result = await stage.commit({
        runId,
        at: startedAt,
        scope: { kind: 'upsert' },
        dropState: statesToDrop(table, groups),
      });
      stages.delete(table);
      tables[table] = { rows, inserted: result.inserted, updated: result.updated };
      mediaChanged += result.mediaUpserted;
      options.emit?.({
        type: 'resource-done',
        resource: table,
        title: table,
        rows,
        inserted: result.inserted,
        updated: result.updated,
        deleted: 0,
        requests: 0,
      });
    }
    await buildModels(store.duck);
    await store.finishRun(runId, {
      status,
      finishedAt: options.now(),
      requests: 0,
      rateLimited: 0,
      waitedMs: 0,
      ...(unrecognized.length > 0 ? { incompleteResources: unrecognized.map((f) => f.name) } : {}),
    });
    return {
      runId,
      status,
      source: source.label,
      files: source.entries.length,
      recognized: [...plan.recognized.values()],
      skipped: [...plan.skipped.values()],
      unrecognized,
      tables,
      mediaChanged,
    };
  } catch (error) {
    await store.failOfflineRun(runId, options.now(), error);
    throw error;
  }
}

/**
 * The sync_state rows a load into `table` makes stale: every catalog
 * resource of that table (and, for list items, the lists they belong to).
 */
function statesToDrop(table: MirrorTable, groups: readonly Group[]): string[] {
  const names = catalog.filter((r) => r.table === table).map((r) => r.name);
  for (const group of groups) {
    if (group.context.listTraktId !== undefined) names.push(`list_items:${group.context.listTraktId}`);
  }
  return names;
}

/** The manifest line of one load: the archived files it reads, with scope upsert and the states it drops. */
function commitEntry(
  group: Group,
  archived: ReadonlyMap<string, string>,
  at: string,
): Omit<CommitEntry, 'type'> {
  const file = (path: string) => archived.get(path) as string;
  const entry: Omit<CommitEntry, 'type'> = {
    resource: group.resource,
    table: group.table,
    normalizer: group.normalizer,
    context: group.context,
    scope: { kind: 'upsert' },
    files: group.files.map(file),
    rows: group.rows,
    // Replayed by rebuild, the load must make the same sync_state stale as it did here.
    dropState: statesToDrop(group.table, [group]),
    at,
  };
  if (group.parts !== undefined) {
    entry.parts = Object.fromEntries(Object.entries(group.parts).map(([part, path]) => [part, file(path)]));
  }
  return entry;
}
