import { DatabaseError, TraktdbError } from '../errors.ts';
import { MEDIA_TABLES, type TableName } from '../normalize/rows.ts';
import { isoTimestamp } from '../normalize/time.ts';
import type { CommitSpec, Counts, MergeResult, MirrorTable, StateUpdate } from './contract.ts';
import type { Duck } from './duck.ts';
import { mergeMirror, upsertMedia } from './merge.ts';
import { messageOf } from './open-database.ts';
import type { TableInfo } from './schema.ts';
import { REJECTED, type StagedName } from './stage.ts';
import { writeStates } from './sync-state.ts';
import { sqlString } from './values.ts';

/**
 * Folds one stage (or several committed together: each table's files in
 * order, later files winning) into the database in ONE transaction: media
 * upserts, the mirror merge within the scope, their change_log rows, and
 * sync_state. Any failure rolls all of it back, so a killed or failed load
 * leaves the database at its last committed state.
 */
export async function commitStage(
  duck: Duck,
  tables: ReadonlyMap<TableName, TableInfo>,
  table: MirrorTable,
  files: ReadonlyMap<StagedName, readonly string[]>,
  spec: CommitSpec,
  tempPrefix: string,
): Promise<MergeResult> {
  const at = isoTimestamp(spec.at);
  if (at === null) throw new DatabaseError(`commit time '${spec.at}' is not an ISO timestamp`);
  if (!Number.isSafeInteger(spec.runId)) throw new DatabaseError(`run id ${spec.runId} is not an integer`);
  const log = { runId: spec.runId, at };
  const byTable: Record<string, Counts> = {};
  let mediaUpserted = 0;
  await duck.run('BEGIN TRANSACTION');
  try {
    for (const media of MEDIA_TABLES) {
      const staged = files.get(media) ?? [];
      if (staged.length === 0) continue;
      const counts = await upsertMedia(duck, info(tables, media), staged, `${tempPrefix}_${media}`, log);
      mediaUpserted += counts.inserted + counts.updated;
      if (changed(counts)) byTable[media] = counts;
    }
    const { by, ...mirror } = await mergeMirror(
      duck,
      info(tables, table),
      files.get(table) ?? [],
      spec.scope,
      `${tempPrefix}_${table}`,
      log,
      spec.countBy,
    );
    if (changed(mirror)) byTable[table] = mirror;
    const rejected = await insertRejected(duck, files.get(REJECTED) ?? []);
    const states: StateUpdate[] = [
      ...(spec.state === undefined ? [] : [spec.state]),
      ...(spec.extraState ?? []),
    ];
    await writeStates(duck, states, spec.dropState ?? [], spec.runId, at);
    await duck.run('COMMIT');
    return { ...mirror, mediaUpserted, byTable, rejected, ...(by === undefined ? {} : { by }) };
  } catch (error) {
    await duck.run('ROLLBACK').catch(() => undefined);
    if (error instanceof TraktdbError) throw error;
    throw new DatabaseError(`loading ${table} into ${duck.path} failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

/**
 * The load's rejected items, as staged (each row names its own run: a
 * rebuild keeps the archived run's). Their JSON lines carry no staging
 * sequence: rejected items are a log, never merged.
 */
async function insertRejected(duck: Duck, files: readonly string[]): Promise<number> {
  if (files.length === 0) return 0;
  const columns =
    "{'run_id': 'BIGINT', 'resource': 'VARCHAR', 'request': 'VARCHAR', 'position': 'INTEGER', " +
    "'reason': 'VARCHAR', 'item': 'JSON', 'field': 'VARCHAR'}";
  return duck.changes(
    `INSERT INTO rejected_items (run_id, resource, request, position, reason, item, field)
     SELECT run_id, resource, request, position, reason, item, field
     FROM read_json([${files.map(sqlString).join(', ')}], format = 'newline_delimited', records = true, columns = ${columns})`,
  );
}

function info(tables: ReadonlyMap<TableName, TableInfo>, name: TableName): TableInfo {
  const found = tables.get(name);
  if (found === undefined) throw new DatabaseError(`the database has no table ${name}`);
  return found;
}

function changed(counts: Counts): boolean {
  return counts.inserted + counts.updated + counts.deleted + (counts.reranked ?? 0) > 0;
}
