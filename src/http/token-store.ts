import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { TraktdbError } from '../errors.ts';
import { TokenError } from './errors.ts';
import { parseTokenSet, type TokenSet } from './token-set.ts';

/** Where the token pair lives between runs. */
export interface TokenStore {
  load(): Promise<TokenSet | undefined>;
  save(tokens: TokenSet): Promise<void>;
  clear(): Promise<void>;
}

/** `$XDG_CONFIG_HOME/traktdb/token.json`, else `~/.config/traktdb/token.json` (docs/guarantees.md, "Secrets stay secret"). */
export function defaultTokenPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env['XDG_CONFIG_HOME'];
  // The XDG spec says a relative value is invalid and must be ignored.
  const base =
    xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(env['HOME'] || home, '.config');
  return join(base, 'traktdb', 'token.json');
}

/**
 * A JSON file, mode 0600, replaced atomically: the new pair is written to a
 * temporary file in the same directory, flushed to disk, then renamed over
 * the old one, so a crash leaves either the old pair or the new one. That
 * matters because refresh tokens are single-use (docs/trakt-api.md §4): losing the new
 * pair after the old one was spent means logging in again.
 */
export class FileTokenStore implements TokenStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  async load(): Promise<TokenSet | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw new TraktdbError(`Cannot read the token file ${this.path}: ${errnoText(error)}.`, {
        cause: error,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new TokenError(
        `The token file ${this.path} is not valid JSON. Delete it and run \`traktdb auth login\`.`,
      );
    }
    return parseTokenSet(value, `The token file ${this.path}`);
  }

  async save(tokens: TokenSet): Promise<void> {
    await writePrivateFile(this.path, `${JSON.stringify(tokens, null, 2)}\n`, 'the Trakt token');
  }

  async clear(): Promise<void> {
    try {
      await unlink(this.path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) {
        throw new TraktdbError(`Cannot delete the token file ${this.path}: ${errnoText(error)}.`, {
          cause: error,
        });
      }
    }
  }

  /** Restores mode 0600 on a file someone loosened; used by `auth status`. */
  async tighten(): Promise<void> {
    await chmod(this.path, 0o600);
  }
}

/**
 * Writes a file that holds a secret (the token pair, the app's client secret):
 * mode 0600 in a 0700 directory, whatever the umask, under a temporary name
 * flushed to disk and then renamed over the old file, so a crash leaves either
 * the old content or the new.
 */
export async function writePrivateFile(path: string, text: string, what: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      // The umask can only clear bits; chmod makes the mode exactly 0600 either way.
      await handle.chmod(0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await syncDir(dir);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw new TraktdbError(
      `Cannot save ${what} to ${path}: ${errnoText(error)}. Fix the permissions, then run \`traktdb auth login\`.`,
      { cause: error },
    );
  }
}

/** For tests and for a token given in the environment. */
export class MemoryTokenStore implements TokenStore {
  #tokens: TokenSet | undefined;
  /** Every pair saved, in order. */
  readonly saved: TokenSet[] = [];

  constructor(tokens?: TokenSet) {
    this.#tokens = tokens;
  }

  async load(): Promise<TokenSet | undefined> {
    return this.#tokens;
  }

  async save(tokens: TokenSet): Promise<void> {
    this.#tokens = tokens;
    this.saved.push(tokens);
  }

  async clear(): Promise<void> {
    this.#tokens = undefined;
  }
}

/** The rename is durable only once the directory entry is flushed too; not every platform allows it. */
async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: Windows and some filesystems refuse fsync on a directory.
  } finally {
    await handle?.close();
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function errnoText(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return error instanceof Error ? error.message : String(error);
}
