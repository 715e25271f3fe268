import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { UsageError } from './errors.ts';
import { expandHome } from './home-path.ts';
import { type AppCredentials, CREDENTIALS_FILE_NAME, readAppCredentials } from './http/app-credentials.ts';
import { closest } from './suggest.ts';

/**
 * Effective configuration: flag, then environment variable, then the optional
 * config file (`traktdb.config.json` in the config directory), then (for the
 * app's client id and secret) what `traktdb auth login` stored, then default
 * (docs/configuration.md). Each value remembers where it came from so
 * `traktdb config` can say so.
 */
export type Source = 'flag' | 'env' | 'file' | 'login' | 'default';

export interface Setting<T> {
  value: T;
  source: Source;
  /** The flag, variable or file key the value came from (`--db`, `TRAKTDB_DB`, `traktdb.config.json "db"`). */
  from?: string;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface Config {
  db: Setting<string>;
  archive: Setting<string>;
  apiUrl: Setting<string>;
  authUrl: Setting<string>;
  clientId: Setting<string | undefined>;
  clientSecret: Setting<string | undefined>;
  accessToken: Setting<string | undefined>;
  user: Setting<string>;
  rateLimit: Setting<RateLimit>;
  /** restore and dedupe: at most `limit` writes in any window of `windowMs`. */
  writeRate: Setting<RateLimit>;
  concurrency: Setting<number>;
  /** `sync` re-verifies the whole account within this many ms, a due slice per sync; null: off (docs/sync.md). */
  scrubPeriod: Setting<number | null>;
  /** The share of the GET budget (`rateLimit.limit`) one sync's scrub may spend at most. */
  scrubShare: Setting<number>;
  /** DuckDB's memory budget (see src/load/duck.ts); unset, writers take 256MB and readers DuckDB's default. */
  memoryLimit: Setting<string | undefined>;
  /** Opt-in extra resources for backup and sync (`--with credits`, docs/credits.md). */
  with: Setting<readonly string[]>;
  configDir: string;
  /** Things worth telling the person (unknown config keys, a secret others can read); the CLI prints them. */
  warnings: string[];
}

/** Flags as yargs hands them over (camel-cased). */
export interface ConfigFlags {
  db?: string | undefined;
  archive?: string | undefined;
  apiUrl?: string | undefined;
  authUrl?: string | undefined;
  clientId?: string | undefined;
  user?: string | undefined;
  rateLimit?: string | undefined;
  writeRate?: string | undefined;
  /** A string from the command line (so a bad value can be quoted as typed), a number from code. */
  concurrency?: number | string | undefined;
  /** `--with credits`: opt-in extras, comma-separated (repeating the flag gives an array). */
  with?: string | readonly string[] | undefined;
  scrubPeriod?: string | undefined;
}

interface Spec<T> {
  flag?: keyof ConfigFlags;
  env?: string;
  file?: string;
  /** What `auth login` stored (credentials.json), below the config file. */
  stored?: keyof AppCredentials;
  fallback: T;
  parse: (raw: string, where: string) => T;
}

const text = (raw: string) => raw;

/** `500/300` means 500 requests per 300 seconds. */
export function parseRateLimit(raw: string, where = '--rate-limit', example = '500/300'): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(raw);
  const limit = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  const windowMs = Math.round(seconds * 1000);
  if (!match || !(limit > 0) || !(windowMs >= 1)) {
    throw new UsageError(`${where} must look like N/SECONDS (for example ${example}), not "${raw}".`);
  }
  return { limit, windowMs };
}

/** `7d`, `12h`, `30m`, `45s`, `2w` (at least a second), or `off`: null. */
export function parseScrubPeriod(raw: string, where = '--scrub-period'): number | null {
  const text = raw.trim().toLowerCase();
  if (text === 'off') return null;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
    (match?.[2] ?? 's') as 's' | 'm' | 'h' | 'd' | 'w'
  ];
  const ms = Number(match?.[1]) * unit;
  if (!match || !(ms >= 1000)) {
    throw new UsageError(`${where} must be a duration such as 7d, 12h or 30m, or off, not "${raw}".`);
  }
  return Math.round(ms);
}

function parseShare(raw: string, where: string): number {
  const text = raw.trim();
  const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!(n > 0 && n <= 1))
    throw new UsageError(`${where} must be a share above 0 and at most 1 (or 10%), not "${raw}".`);
  return n;
}

function parsePositiveInt(raw: string, where: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${where} must be a whole number of 1 or more, not "${raw}".`);
  return n;
}

/** A size in DuckDB's syntax: `512MB`, `2GB`, `1.5GiB`. */
function parseMemoryLimit(raw: string, where: string): string {
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(raw.trim())) {
    throw new UsageError(`${where} must be a size such as 512MB or 2GB, not "${raw}".`);
  }
  return raw.trim();
}

function parseUrl(raw: string, where: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new UsageError(`${where} must be an http(s) URL, not "${raw}".`);
  }
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  // The XDG spec says a relative value is invalid and must be ignored (as defaultTokenPath does).
  const base = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.config');
  return join(base, 'traktdb');
}

export const CONFIG_FILE_NAME = 'traktdb.config.json';

/** The optional config file; it may not exist. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), CONFIG_FILE_NAME);
}

/** Keys `traktdb.config.json` may hold; others are ignored, with a warning (and `traktdb config` names them). */
export const CONFIG_FILE_KEYS = [
  'db',
  'archive',
  'apiUrl',
  'authUrl',
  'clientId',
  'clientSecret',
  'user',
  'rateLimit',
  'writeRate',
  'concurrency',
  'memoryLimit',
  'with',
  'scrubPeriod',
  'scrubShare',
] as const;

/** What `--with` may name: the per-title resources of pipelines/catalog.ts (docs/credits.md). */
export const WITH_CHOICES = ['credits'] as const;

/** `credits` or `credits,other`: each a known extra; empty parts are ignored. */
export function parseWith(raw: string, where = '--with'): readonly string[] {
  const words = raw
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '' && word !== 'none');
  for (const word of words) {
    if (!(WITH_CHOICES as readonly string[]).includes(word)) {
      throw new UsageError(`${where} takes ${WITH_CHOICES.join(', ')} (comma-separated), not "${word}".`);
    }
  }
  return [...new Set(words)];
}

export function readConfigFile(dir: string): Record<string, unknown> {
  const path = join(dir, CONFIG_FILE_NAME);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`The config file ${path} cannot be read (${code}); fix it or remove it.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // The parser's message quotes the file, which may hold the client secret: never show it.
    throw new UsageError(`The config file ${path} is not valid JSON; fix it or remove it.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`The config file ${path} must hold one JSON object; fix it or remove it.`);
  }
  return parsed as Record<string, unknown>;
}

/** Keys the file holds that traktdb does not know, each with the key it was probably meant to be. */
export function unknownConfigKeys(file: Record<string, unknown>): { key: string; suggestion?: string }[] {
  const known: readonly string[] = CONFIG_FILE_KEYS;
  return Object.keys(file)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const suggestion = closest(key, known);
      return suggestion === undefined ? { key } : { key, suggestion };
    });
}

/**
 * A config file holding the client secret should be readable by its owner only;
 * traktdb does not change a file it did not write, it says so. (POSIX modes only.)
 */
function secretExposure(path: string, file: Record<string, unknown>): string | undefined {
  if (process.platform === 'win32' || file['clientSecret'] === undefined) return undefined;
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) === 0) return undefined;
  const octal = mode.toString(8).padStart(4, '0');
  return `${path} holds "clientSecret" and others can read it (mode ${octal}); run \`chmod 600 ${path}\`, or remove the key and let \`traktdb auth login\` store it in ${CREDENTIALS_FILE_NAME} (mode 0600).`;
}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const dir = configDir(env);
  const file = readConfigFile(dir);
  const stored = readAppCredentials(dir);
  const warnings: string[] = [];
  for (const { key, suggestion } of unknownConfigKeys(file)) {
    warnings.push(
      `${CONFIG_FILE_NAME} has the unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; it is ignored.`,
    );
  }
  const exposure = secretExposure(join(dir, CONFIG_FILE_NAME), file);
  if (exposure !== undefined) warnings.push(exposure);
  const pathValue = (raw: string, where: string) => expandHome(raw, where, env);
  function pick<T>(spec: Spec<T>): Setting<T> {
    const flagValue = spec.flag === undefined ? undefined : flags[spec.flag];
    if (flagValue !== undefined && flagValue !== '') {
      const from = `--${kebab(spec.flag as string)}`;
      return { value: spec.parse(String(flagValue), from), source: 'flag', from };
    }
    const envValue = spec.env === undefined ? undefined : env[spec.env];
    if (envValue !== undefined && envValue !== '') {
      return { value: spec.parse(envValue, spec.env as string), source: 'env', from: spec.env as string };
    }
    const fileValue = spec.file === undefined ? undefined : file[spec.file];
    if (fileValue !== undefined && fileValue !== null) {
      const from = `"${spec.file}" in ${CONFIG_FILE_NAME}`;
      return { value: spec.parse(String(fileValue), from), source: 'file', from };
    }
    const storedValue = spec.stored === undefined ? undefined : stored[spec.stored];
    if (storedValue !== undefined) {
      const from = `\`traktdb auth login\`, ${CREDENTIALS_FILE_NAME}`;
      return { value: spec.parse(storedValue, from), source: 'login', from };
    }
    return { value: spec.fallback, source: 'default' };
  }
  const optionalText = (raw: string): string | undefined => raw;
  return {
    db: pick({ flag: 'db', env: 'TRAKTDB_DB', file: 'db', fallback: 'data/trakt.duckdb', parse: pathValue }),
    archive: pick({
      flag: 'archive',
      env: 'TRAKTDB_ARCHIVE',
      file: 'archive',
      fallback: 'data/raw',
      parse: pathValue,
    }),
    apiUrl: pick({
      flag: 'apiUrl',
      env: 'TRAKT_API_URL',
      file: 'apiUrl',
      fallback: 'https://api.trakt.tv',
      parse: parseUrl,
    }),
    authUrl: pick({
      flag: 'authUrl',
      env: 'TRAKT_AUTH_URL',
      file: 'authUrl',
      fallback: 'https://auth.trakt.tv',
      parse: parseUrl,
    }),
    clientId: pick<string | undefined>({
      flag: 'clientId',
      env: 'TRAKT_CLIENT_ID',
      file: 'clientId',
      stored: 'client_id',
      fallback: undefined,
      parse: optionalText,
    }),
    clientSecret: pick<string | undefined>({
      env: 'TRAKT_CLIENT_SECRET',
      file: 'clientSecret',
      stored: 'client_secret',
      fallback: undefined,
      parse: optionalText,
    }),
    accessToken: pick<string | undefined>({
      env: 'TRAKT_ACCESS_TOKEN',
      fallback: undefined,
      parse: optionalText,
    }),
    user: pick({ flag: 'user', env: 'TRAKTDB_USER', file: 'user', fallback: 'me', parse: text }),
    rateLimit: pick({
      flag: 'rateLimit',
      env: 'TRAKTDB_RATE_LIMIT',
      file: 'rateLimit',
      // docs/trakt-api.md §2: "The GET limit is currently 500 requests per 5 minutes" (#909).
      fallback: { limit: 500, windowMs: 300_000 },
      parse: parseRateLimit,
    }),
    writeRate: pick({
      flag: 'writeRate',
      env: 'TRAKTDB_WRITE_RATE',
      file: 'writeRate',
      // docs/trakt-api.md §2: AUTHED_API_POST_LIMIT, one POST, PUT or DELETE per second per user.
      fallback: { limit: 1, windowMs: 1000 },
      parse: (raw, where) => parseRateLimit(raw, where, '1/1'),
    }),
    concurrency: pick({ flag: 'concurrency', file: 'concurrency', fallback: 4, parse: parsePositiveInt }),
    scrubPeriod: pick<number | null>({
      flag: 'scrubPeriod',
      env: 'TRAKTDB_SCRUB_PERIOD',
      file: 'scrubPeriod',
      fallback: 7 * 86_400_000,
      parse: parseScrubPeriod,
    }),
    scrubShare: pick({ env: 'TRAKTDB_SCRUB_SHARE', file: 'scrubShare', fallback: 0.1, parse: parseShare }),
    memoryLimit: pick<string | undefined>({
      env: 'TRAKTDB_MEMORY_LIMIT',
      file: 'memoryLimit',
      fallback: undefined,
      parse: parseMemoryLimit,
    }),
    with: pick<readonly string[]>({
      flag: 'with',
      env: 'TRAKTDB_WITH',
      file: 'with',
      fallback: [],
      parse: parseWith,
    }),
    configDir: dir,
    warnings,
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
