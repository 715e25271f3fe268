import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ArchiveError, fileFailureReason } from '../errors.ts';
import type { CommitRecord } from '../load/contract.ts';
import type { ManifestEntry, ResponseEntry } from './manifest.ts';

/**
 * The raw archive: every response body exactly as received, per run and
 * resource, with a manifest. It is the backup itself; the database can be
 * rebuilt from it.
 *
 * Layout: `<root>/<YYYYMMDDTHHMMSSZ>-run<id>/<resource>/<n>.json` and
 * `<root>/<run dir>/manifest.jsonl`. Run directories sort by start time.
 */
export class RunArchive {
  private counter = 0;

  private constructor(
    readonly root: string,
    readonly dir: string,
  ) {}

  static async open(root: string, runId: number, mode: string, startedAt: string): Promise<RunArchive> {
    const archive = new RunArchive(root, join(root, runDirName(runId, startedAt)));
    await guard(`create the archive directory ${archive.dir}`, () => makeDirectory(archive.dir));
    await archive.append({ type: 'run', runId, mode, startedAt });
    return archive;
  }

  /** Stores a body as received and returns its file name relative to the run directory. */
  async saveResponse(
    resource: string,
    response: {
      method: string;
      path: string;
      status: number;
      body: string;
      items: number | null;
      pagination?: ResponseEntry['pagination'];
    },
    at: string,
  ): Promise<string> {
    this.counter += 1;
    const safe = resource.replace(/[^a-z0-9_-]/gi, '_');
    const file = `${safe}/${String(this.counter).padStart(5, '0')}.json`;
    const bytes = Buffer.from(response.body, 'utf8');
    await guard(`write ${join(this.dir, file)}`, async () => {
      await makeDirectory(join(this.dir, safe));
      await writeFile(join(this.dir, file), bytes);
    });
    const entry: ResponseEntry = {
      type: 'response',
      file,
      resource,
      method: response.method,
      path: response.path,
      status: response.status,
      items: response.items,
      ...(response.pagination === undefined ? {} : { pagination: response.pagination }),
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      at,
    };
    await this.append(entry);
    return file;
  }

  async recordCommit(entry: CommitRecord): Promise<void> {
    await this.append({ type: 'commit', ...entry });
  }

  private async append(entry: ManifestEntry): Promise<void> {
    const path = join(this.dir, 'manifest.jsonl');
    await guard(`append to ${path}`, () => appendFile(path, `${JSON.stringify(entry)}\n`));
  }
}

/**
 * `mkdir -p` that fails with the real reason: Node's recursive mkdir says
 * ENOENT when a level cannot be created on a read-only or full file system,
 * so the missing levels are then created one at a time to surface EROFS,
 * ENOSPC or EACCES.
 */
async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const parent = dirname(dir);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) throw error;
    await makeDirectory(parent);
    await mkdir(dir).catch((inner: NodeJS.ErrnoException) => {
      if (inner.code !== 'EEXIST') throw inner;
    });
  }
}

async function guard<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const why = fileFailureReason(error);
    throw new ArchiveError(`Could not ${what}: ${why}. Free space or choose another --archive.`, {
      cause: error,
    });
  }
}

/** A run directory of the archive, as read back for `rebuild`. */
export interface ArchivedRun {
  dir: string;
  entries: ManifestEntry[];
}

/** Every run of the archive in start order, with its manifest parsed. */
export async function readArchive(root: string): Promise<ArchivedRun[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    throw new ArchiveError(`Could not read the archive ${root}: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  const runs: ArchivedRun[] = [];
  for (const name of names.filter((n) => RUN_DIR.test(n)).sort(compareRunDirs)) {
    const run = await readRunDir(join(root, name));
    if (run !== undefined) runs.push(run);
  }
  return runs;
}

const RUN_DIR = /^\d{8}T\d{6}Z-run\d+$/;

/**
 * A run's directory: its start time, then its id. The id alone is not
 * unique: a rebuilt database numbers its runs from 1 again.
 */
export function runDirName(runId: number, startedAt: string): string {
  const stamp = new Date(startedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-run${runId}`;
}

/** One run of the archive, or undefined when the archive has no manifest for it. */
export function readArchivedRun(
  root: string,
  runId: number,
  startedAt: string,
): Promise<ArchivedRun | undefined> {
  return readRunDir(join(root, runDirName(runId, startedAt)));
}

async function readRunDir(dir: string): Promise<ArchivedRun | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.jsonl'), 'utf8');
  } catch {
    return undefined; // a run killed before it wrote anything
  }
  const entries: ManifestEntry[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as ManifestEntry);
    } catch (error) {
      // A process killed mid-append leaves at most a torn last line; that line was never committed.
      if (index === lines.length - 1 || lines.slice(index + 1).every((l) => l.trim() === '')) break;
      throw new ArchiveError(
        `The archive manifest ${join(dir, 'manifest.jsonl')} is corrupt at line ${index + 1}.`,
        { cause: error, badInput: true },
      );
    }
  }
  return { dir, entries };
}

function compareRunDirs(a: string, b: string): number {
  const [stampA = '', idA = '0'] = a.split('-run');
  const [stampB = '', idB = '0'] = b.split('-run');
  return stampA === stampB ? Number(idA) - Number(idB) : stampA < stampB ? -1 : 1;
}

/** Reads one archived body, checking it against the manifest's checksum. */
export async function readArchivedBody(runDir: string, entry: ResponseEntry): Promise<string> {
  const path = join(runDir, entry.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ArchiveError(`The archive file ${path} is missing.`, { cause: error, badInput: true });
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== entry.sha256) {
    throw new ArchiveError(
      `The archive file ${path} is corrupt (checksum mismatch); rebuild cannot trust it.`,
      { badInput: true },
    );
  }
  return bytes.toString('utf8');
}
