import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatabaseBusyError, DatabaseError, TraktdbError } from '../errors.ts';
import { Duck } from './duck.ts';

/**
 * Opens the DuckDB file behind `--db`, turning every way that can fail into
 * one DatabaseError sentence: a directory, a file that is not a DuckDB
 * database, a database another process is writing, a read-only open of a
 * file that does not exist.
 */
export async function openDatabase(path: string, readOnly: boolean, memoryLimit?: string): Promise<Duck> {
  if (path === ':memory:') return Duck.open(path, { readOnly: false, memoryLimit });
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw new DatabaseError(`cannot read database ${path}: ${error.message}`, { cause: error });
  });
  if (found?.isDirectory()) {
    throw new DatabaseError(`${path} is a directory, not a database file; point --db at a file`, {
      badInput: true,
    });
  }
  if (found !== null && !(await hasDuckDbHeader(path))) {
    throw new DatabaseError(
      `${path} is not a DuckDB database; point --db at a traktdb database or a new file`,
      { badInput: true },
    );
  }
  if (found === null) {
    if (readOnly) throw new DatabaseError(`there is no database at ${path}; run traktdb backup first`);
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (error) {
      throw new DatabaseError(`cannot create the directory for database ${path}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
  try {
    return await Duck.open(path, { readOnly, memoryLimit });
  } catch (error) {
    if (error instanceof TraktdbError) throw error; // already one sentence
    throw explainOpenError(path, error);
  }
}

/** DuckDB files carry the magic bytes `DUCK` at offset 8. */
async function hasDuckDbHeader(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new DatabaseError(`cannot read database ${path}: ${messageOf(error)}`, { cause: error });
  });
  try {
    const header = Buffer.alloc(12);
    const { bytesRead } = await handle.read(header, 0, 12, 0);
    return bytesRead === 12 && header.toString('latin1', 8, 12) === 'DUCK';
  } finally {
    await handle.close();
  }
}

export function explainOpenError(path: string, error: unknown): DatabaseError {
  const message = messageOf(error);
  if (message.includes('Could not set lock')) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    const who = pid === undefined ? 'another traktdb process' : `another traktdb process (pid ${pid})`;
    return new DatabaseBusyError(`${path} is in use by ${who}; retry when it finishes`, { cause: error });
  }
  if (message.includes('not a valid DuckDB database')) {
    return new DatabaseError(
      `${path} is not a DuckDB database; point --db at a traktdb database or a new file`,
      { cause: error, badInput: true },
    );
  }
  if (/permission denied|read-only file system/i.test(message)) {
    return new DatabaseError(`cannot open database ${path}: permission denied`, { cause: error });
  }
  if (/IO Error|corrupt|checksum|Could not read/i.test(message)) {
    return new DatabaseError(
      `cannot open database ${path}: ${firstLine(message)}; if the file is damaged, \`traktdb rebuild\` recreates it from the raw archive`,
      { cause: error },
    );
  }
  return new DatabaseError(`cannot open database ${path}: ${firstLine(message)}`, { cause: error });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
