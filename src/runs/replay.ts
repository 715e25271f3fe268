import { ArchiveError } from '../errors.ts';
import { readArchivedBody } from '../land/archive.ts';
import type { CommitEntry, ResponseEntry } from '../land/manifest.ts';
import {
  type CommitSpec,
  type CommittedLoad,
  LOOKUP_RESOURCE,
  type MergeResult,
  type MirrorTable,
  type Stage,
} from '../load/contract.ts';
import type { Store } from '../load/store.ts';
import { lookupNeeds, lookupsFrom } from '../normalize/lookups.ts';
import { normalizeItems, normalizeSingle } from '../normalize/normalize-items.ts';
import { Quarantine } from '../normalize/quarantine.ts';
import { normalizerNamed, singleNormalizerNamed } from '../normalize/registry.ts';
import type { RejectedItemRow } from '../normalize/rejected.ts';
import type { RowBatch } from '../normalize/rows.ts';
import { ChunkPlan, chunkableScope } from './chunk-plan.ts';

/** The time column a big load of each table can be cut on (history: the play's time). */
const CHUNK_COLUMNS: Partial<Record<string, string>> = { plays: 'watched_at' };

/**
 * Loads one archived commit into the database from the bodies it names,
 * through the same normalizers and merge as the live run: `rebuild` replays
 * every commit this way, and a resumed run the ones an interrupted run
 * archived but did not live to commit.
 *
 * With `chunkRows`, a history load of more rows than that is committed in
 * chunks of about that many (see ChunkPlan): the tables end as one commit
 * leaves them, the sync state is written with the last chunk only, and
 * DuckDB commits one chunk while the next is read and parsed.
 *
 * Items the normalizers refuse go to rejected_items again, as they did live
 * (the same items, the same reasons, the ids learned from the archived
 * lookups): under `archivedRunId`, the run that fetched them, when given.
 */
export async function replayCommit(
  store: Store,
  dir: string,
  entry: CommitEntry,
  responses: ReadonlyMap<string, ResponseEntry>,
  runId: number,
  options: { chunkRows?: number; archivedRunId?: number } = {},
): Promise<{ files: number; merge: MergeResult }> {
  const rejectAs = options.archivedRunId ?? runId;
  if (entry.loads !== undefined)
    return replayTogether(store, dir, entry, entry.loads, responses, runId, rejectAs);
  const spec: CommitSpec = { runId, at: entry.at, scope: entry.scope };
  if (entry.state !== undefined) spec.state = entry.state;
  if (entry.dropState !== undefined) spec.dropState = entry.dropState;
  const column = CHUNK_COLUMNS[entry.table];
  if (
    options.chunkRows !== undefined &&
    column !== undefined &&
    entry.parts === undefined &&
    entry.rows > options.chunkRows &&
    chunkableScope(spec.scope, column)
  ) {
    return replayChunked(store, dir, entry, responses, spec, column, options.chunkRows, rejectAs);
  }
  const stage = await store.stage(entry.table);
  let files = 0;
  try {
    for await (const { batch, rejected } of replay(dir, entry, responses, rejectAs)) {
      files += 1;
      await stage.add(batch);
      await stage.reject(rejected);
    }
  } catch (error) {
    await stage.discard();
    throw error;
  }
  return { files, merge: await stage.commit(spec) };
}

/** Loads recorded as committed together (a group of lists' items) are replayed together, in their order. */
async function replayTogether(
  store: Store,
  dir: string,
  entry: CommitEntry,
  loads: readonly CommittedLoad[],
  responses: ReadonlyMap<string, ResponseEntry>,
  runId: number,
  rejectAs: number,
): Promise<{ files: number; merge: MergeResult }> {
  const stages: Stage[] = [];
  let files = 0;
  try {
    for (const load of loads) {
      const stage = await store.stage(entry.table);
      stages.push(stage);
      for await (const { batch, rejected } of replay(dir, { ...entry, ...load }, responses, rejectAs)) {
        files += 1;
        await stage.add(batch);
        await stage.reject(rejected);
      }
    }
    const states = loads.flatMap((load) => (load.state === undefined ? [] : [load.state]));
    const spec: CommitSpec = { runId, at: entry.at, scope: entry.scope, extraState: states };
    return { files, merge: await store.commitTogether(stages, spec) };
  } catch (error) {
    for (const stage of stages) await stage.discard();
    throw error;
  }
}

/**
 * The load's files in page order (a page fetched twice keeps its passes in
 * order). A load that needed passes again (items missing after the first,
 * docs/trakt-api.md §2) holds its history twice or more, in the order it arrived: a row
 * only the second pass brought would come a whole history away from its
 * time's chunk, which the first pass's chunk would have deleted and a later
 * one inserted again, logging a change that never happened. In page order
 * every pass of a page is together, and the rows are the same.
 */
function inPageOrder(entry: CommitEntry, responses: ReadonlyMap<string, ResponseEntry>): CommitEntry {
  const page = (file: string): number => {
    const path = responses.get(file)?.path ?? '';
    return Number(new URLSearchParams(path.slice(path.indexOf('?') + 1)).get('page') ?? '1') || 1;
  };
  const files = entry.files.map((file, i) => ({ file, i, page: page(file) }));
  files.sort((a, b) => a.page - b.page || a.i - b.i);
  return { ...entry, files: files.map((f) => f.file) };
}

async function replayChunked(
  store: Store,
  dir: string,
  arrived: CommitEntry,
  responses: ReadonlyMap<string, ResponseEntry>,
  spec: CommitSpec,
  column: string,
  chunkRows: number,
  rejectAs: number,
): Promise<{ files: number; merge: MergeResult }> {
  const entry = inPageOrder(arrived, responses);
  const table = entry.table;
  const scope = spec.scope;
  if (!chunkableScope(scope, column)) throw new Error(`a ${scope.kind} scope cannot be chunked`);
  const plan = new ChunkPlan(chunkRows);
  const stages: (Stage | undefined)[] = [];
  const merge: MergeResult = {
    inserted: 0,
    updated: 0,
    deleted: 0,
    mediaUpserted: 0,
    byTable: {},
    rejected: 0,
  };
  // One commit in flight: DuckDB works on it on its own threads while JavaScript reads the next pages.
  // It never rejects (an unhandled rejection would end the process): its failure waits in `failed`.
  let committing: Promise<void> = Promise.resolve();
  let failed: { error: unknown } | undefined;
  const settle = async (): Promise<void> => {
    await committing;
    if (failed !== undefined) throw failed.error;
  };
  const commit = async (chunk: number, last: boolean): Promise<void> => {
    await settle();
    const stage = stages[chunk] ?? (await store.stage(table));
    stages[chunk] = undefined;
    const { state: _state, ...base } = spec;
    // The state goes with the last chunk only, so a load cut short never looks complete.
    const chunkSpec: CommitSpec = { ...(last ? spec : base), scope: plan.scope(scope, column, chunk) };
    committing = stage.commit(chunkSpec).then(
      (result) => add(merge, result),
      async (error: unknown) => {
        failed = { error };
        await stage.discard().catch(() => undefined);
      },
    );
  };
  let files = 0;
  try {
    for await (const { batch, rejected } of replay(dir, entry, responses, rejectAs)) {
      files += 1;
      for (const [chunk, part] of split(batch, table, column, plan)) {
        let stage = stages[chunk];
        if (stage === undefined) {
          stage = await store.stage(table);
          stages[chunk] = stage;
        }
        await stage.add(part);
      }
      if (rejected.length > 0) {
        // Rejected items belong to no time: they go with the chunk being filled.
        const filling = plan.filling;
        let stage = stages[filling];
        if (stage === undefined) {
          stage = await store.stage(table);
          stages[filling] = stage;
        }
        await stage.reject(rejected);
      }
      const final = plan.cut();
      if (final !== undefined) await commit(final, false);
    }
    const filling = plan.filling;
    if (filling > 0) await commit(filling - 1, false);
    await commit(filling, true);
    await settle();
  } catch (error) {
    await committing;
    for (const stage of stages) await stage?.discard();
    throw error;
  }
  return { files, merge };
}

/** One batch's rows by chunk: the mirror rows each by its time, media rows with the chunk being filled. */
function split(batch: RowBatch, table: MirrorTable, column: string, plan: ChunkPlan): Map<number, RowBatch> {
  const parts = new Map<number, RowBatch>();
  const part = (chunk: number): Record<string, unknown[]> => {
    let found = parts.get(chunk);
    if (found === undefined) {
      found = {};
      parts.set(chunk, found);
    }
    return found as Record<string, unknown[]>;
  };
  // Media rows fold in page order (each column keeps its last non-null value): keeping them in the
  // chunk being filled, and committing chunks in order, keeps that order.
  const filling = plan.filling;
  for (const [name, rows] of Object.entries(batch)) {
    if (rows === undefined || rows.length === 0) continue;
    if (name !== table) {
      part(filling)[name] = rows;
      continue;
    }
    for (const row of rows) {
      const into = part(plan.place(Reflect.get(row, column)));
      const rowsOf = into[name] ?? [];
      into[name] = rowsOf;
      rowsOf.push(row);
    }
  }
  return parts;
}

function add(total: MergeResult, result: MergeResult): void {
  total.inserted += result.inserted;
  total.updated += result.updated;
  total.deleted += result.deleted;
  total.mediaUpserted += result.mediaUpserted;
  total.rejected += result.rejected;
  for (const [name, counts] of Object.entries(result.byTable)) {
    const sum = total.byTable[name] ?? { inserted: 0, updated: 0, deleted: 0 };
    total.byTable[name] = {
      inserted: sum.inserted + counts.inserted,
      updated: sum.updated + counts.updated,
      deleted: sum.deleted + counts.deleted,
    };
  }
}

/** The normalized rows of one archived load, and the items it rejected, file by file, so memory stays flat. */
async function* replay(
  dir: string,
  entry: CommitEntry,
  responses: ReadonlyMap<string, ResponseEntry>,
  rejectAs: number,
): AsyncGenerator<{ batch: RowBatch; rejected: RejectedItemRow[] }> {
  const read = async (file: string): Promise<{ response: ResponseEntry; json: unknown }> => {
    const response = responses.get(file);
    if (response === undefined) {
      throw new ArchiveError(
        `The archive manifest in ${dir} names ${file} in a commit but never recorded it.`,
        { badInput: true },
      );
    }
    return { response, json: await readJson(dir, response) };
  };
  const quarantine = new Quarantine(entry.resource, rejectAs);
  if (entry.parts !== undefined) {
    const parts: Record<string, unknown> = {};
    const requests: Record<string, string> = {};
    for (const [part, file] of Object.entries(entry.parts)) {
      const { response, json } = await read(file);
      parts[part] = json;
      requests[part] = `${response.method} ${response.path}`;
    }
    const { batch, rejected } = normalizeSingle(
      singleNormalizerNamed(entry.normalizer),
      parts,
      entry.at,
      entry.context,
    );
    yield { batch, rejected: quarantine.admit(requests['main'] ?? entry.resource, rejected) };
    return;
  }
  const normalizer = normalizerNamed(entry.normalizer);
  for (const file of entry.files) {
    const { response, json } = await read(file);
    if (!Array.isArray(json))
      throw new ArchiveError(`The archive file ${dir}/${file} does not hold a JSON array.`, {
        badInput: true,
      });
    const needs = lookupNeeds(json);
    const lookups = needs.length === 0 ? undefined : await archivedLookups(dir, needs, responses);
    const request = `${response.method} ${response.path}`;
    const { batch, rejected } = normalizeItems(normalizer, json, request, {
      ...entry.context,
      ...(lookups === undefined ? {} : { lookups }),
    });
    yield { batch, rejected: quarantine.admit(request, rejected) };
  }
}

async function readJson(dir: string, response: ResponseEntry): Promise<unknown> {
  const body = await readArchivedBody(dir, response);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ArchiveError(`The archive file ${dir}/${response.file} is not valid JSON.`, {
      cause: error,
      badInput: true,
    });
  }
}

/**
 * The ids the live run learned for these items, from the lookups it
 * archived before it loaded them (the last answer for a path wins, as the
 * live run's cache kept one). A lookup that answered 404 was never
 * archived: nothing is learned, as nothing was live.
 */
async function archivedLookups(
  dir: string,
  paths: readonly string[],
  responses: ReadonlyMap<string, ResponseEntry>,
) {
  const wanted = new Set(paths);
  const found = new Map<string, ResponseEntry>();
  for (const response of responses.values()) {
    const bare = response.path.split('?')[0] ?? response.path;
    if (response.resource === LOOKUP_RESOURCE && wanted.has(bare)) found.set(bare, response);
  }
  const answers = new Map<string, unknown>();
  for (const [path, response] of found) answers.set(path, await readJson(dir, response));
  return lookupsFrom(answers);
}
