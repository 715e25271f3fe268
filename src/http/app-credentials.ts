import { readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TraktdbError } from '../errors.ts';
import { writePrivateFile } from './token-store.ts';

/**
 * The API app's client id and secret, stored by `traktdb auth login` next to
 * the token (`credentials.json`, mode 0600). A scheduled run starts with an
 * almost empty environment (cron, systemd), yet every request carries the
 * client id and every refresh the secret (docs/trakt-api.md §4: the token
 * request's body holds client_id and client_secret), so without them here a
 * scheduled sync stopped at its first refresh. The token belongs to the app
 * that issued it, which is one more reason to keep the two together.
 */
export interface AppCredentials {
  client_id: string;
  client_secret: string;
}

export const CREDENTIALS_FILE_NAME = 'credentials.json';

export function credentialsPath(configDir: string): string {
  return join(configDir, CREDENTIALS_FILE_NAME);
}

export async function saveAppCredentials(configDir: string, credentials: AppCredentials): Promise<string> {
  const path = credentialsPath(configDir);
  const body = { client_id: credentials.client_id, client_secret: credentials.client_secret };
  await writePrivateFile(path, `${JSON.stringify(body, null, 2)}\n`, "the app's client id and secret");
  return path;
}

/**
 * What `auth login` stored, or nothing. Read synchronously with the rest of the
 * configuration; a missing, unreadable or damaged file counts as none (the
 * commands that need the credentials then say how to give them).
 */
export function readAppCredentials(configDir: string): Partial<AppCredentials> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(credentialsPath(configDir), 'utf8'));
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const id = text(record['client_id']);
  const secret = text(record['client_secret']);
  return {
    ...(id === undefined ? {} : { client_id: id }),
    ...(secret === undefined ? {} : { client_secret: secret }),
  };
}

export async function clearAppCredentials(configDir: string): Promise<void> {
  const path = credentialsPath(configDir);
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new TraktdbError(`Cannot delete ${path}: ${(error as NodeJS.ErrnoException).code ?? error}.`, {
        cause: error,
      });
    }
  }
}
