import { ArchiveError } from '../errors.ts';
import { normalizeItems } from '../extract/normalize-items.ts';
import { normalizeItem, normalizeSingle } from '../extract/normalizers.ts';
import type { CommitSpec, Scope, StateUpdate } from '../extract/ports.ts';
import { readArchivedBody } from '../land/archive.ts';
import type { CommitEntry, ResponseEntry } from '../land/manifest.ts';
import type { MergeResult, MirrorTable, Store } from '../load/store.ts';
import type { RowBatch } from '../normalize/rows.ts';

/**
 * Loads one archived commit into the database from the bodies it names,
 * through the same normalizers and merge as the live run: `rebuild` replays
 * every commit this way, and a resumed run the ones an interrupted run
 * archived but did not live to commit.
 */
export async function replayCommit(
  store: Store,
  dir: string,
  entry: CommitEntry,
  responses: ReadonlyMap<string, ResponseEntry>,
  runId: number,
): Promise<{ files: number; merge: MergeResult }> {
  const stage = await store.stage(entry.table as MirrorTable);
  let files = 0;
  try {
    for await (const batch of replay(dir, entry, responses)) {
      files += 1;
      await stage.add(batch);
    }
  } catch (error) {
    await stage.discard();
    throw error;
  }
  const spec: CommitSpec = { runId, at: entry.at, scope: entry.scope as Scope };
  if (entry.state !== undefined) spec.state = entry.state as StateUpdate;
  return { files, merge: await stage.commit(spec) };
}

/** The normalized rows of one archived load, file by file, so memory stays flat. */
async function* replay(
  dir: string,
  entry: CommitEntry,
  responses: ReadonlyMap<string, ResponseEntry>,
): AsyncGenerator<RowBatch> {
  const read = async (file: string): Promise<{ response: ResponseEntry; json: unknown }> => {
    const response = responses.get(file);
    if (response === undefined) {
      throw new ArchiveError(
        `The archive manifest in ${dir} names ${file} in a commit but never recorded it.`,
        { badInput: true },
      );
    }
    const body = await readArchivedBody(dir, response);
    try {
      return { response, json: JSON.parse(body) };
    } catch (error) {
      throw new ArchiveError(`The archive file ${dir}/${file} is not valid JSON.`, {
        cause: error,
        badInput: true,
      });
    }
  };
  if (entry.parts !== undefined) {
    const parts: Record<string, unknown> = {};
    for (const [part, file] of Object.entries(entry.parts)) parts[part] = (await read(file)).json;
    yield normalizeSingle(entry.normalizer, parts, entry.at);
    return;
  }
  for (const file of entry.files) {
    const { response, json } = await read(file);
    if (!Array.isArray(json))
      throw new ArchiveError(`The archive file ${dir}/${file} does not hold a JSON array.`, {
        badInput: true,
      });
    yield normalizeItems(
      normalizeItem,
      entry.normalizer,
      json,
      `${response.method} ${response.path}`,
      entry.context,
    );
  }
}
