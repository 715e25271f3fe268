import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fromBufferPromise } from 'yauzl';
import { ZipFile } from 'yazl';
import { type ImportSummary, importExport } from '../../src/import/index.ts';
import type { ImportLimits } from '../../src/import/limits.ts';
import { Duck } from '../../src/load/duck.ts';
import { CONTRACT_TABLES, Store } from '../../src/load/store.ts';
import type { Workspace } from '../helpers/backup.ts';
import { cleanEnv, runCli } from '../helpers/cli.ts';

/** A ZIP of the given files (text or bytes), deflated unless `store` is set. */
export async function makeZip(
  files: Record<string, string | Buffer>,
  options: { store?: boolean } = {},
): Promise<Buffer> {
  const zip = new ZipFile();
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const [name, body] of Object.entries(files)) {
    zip.addBuffer(typeof body === 'string' ? Buffer.from(body) : body, name, {
      mtime,
      compress: options.store !== true,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Extracts a ZIP into `dir` (test data only: names are trusted). */
export async function unzipTo(zip: Buffer, dir: string): Promise<void> {
  const file = await fromBufferPromise(zip);
  for await (const entry of file.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of (await file.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) {
      chunks.push(chunk);
    }
    const path = join(dir, entry.fileName);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.concat(chunks));
  }
}

/** Imports `path` into the workspace's database and archive. */
export async function importInto(
  ws: Workspace,
  path: string,
  limits: Partial<ImportLimits> = {},
): Promise<ImportSummary> {
  const store = await Store.open(ws.db);
  try {
    return await importExport({
      path,
      store,
      archive: ws.archive,
      now: () => new Date().toISOString(),
      limits,
    });
  } finally {
    await store.close();
  }
}

/** Everything a refused import must leave as it was: row counts, change_log, runs, sync_state. */
export async function fingerprint(db: string): Promise<Record<string, number>> {
  const store = await Store.open(db);
  try {
    const counts: Record<string, number> = await store.tableCounts();
    for (const table of ['change_log', 'sync_runs', 'sync_state']) {
      const row = await store.duck.one(`SELECT count(*)::DOUBLE AS n FROM ${table}`);
      counts[table] = Number(row?.['n']);
    }
    return counts;
  } finally {
    await store.close();
  }
}

export async function changeLogRows(db: string, runId: number): Promise<number> {
  const duck = await Duck.open(db, { readOnly: true });
  try {
    const row = await duck.one('SELECT count(*)::DOUBLE AS n FROM change_log WHERE run_id = ?', [runId]);
    return Number(row?.['n']);
  } finally {
    duck.close();
  }
}

export { CONTRACT_TABLES };

/**
 * `traktdb ...args` with a clean traktdb environment, in-process. Kept for tests written against
 * it; test/helpers/cli.ts `runCli` is the one to use (docs/testing.md, "Running the CLI").
 */
export async function traktdb(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runCli(args, { env: cleanEnv() });
  return { code, stdout, stderr };
}
