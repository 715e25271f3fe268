import { stat } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { CONFIG_FILE_KEYS, type Config, configFilePath, readConfigFile, type Setting } from '../../config.ts';
import { tokenExpiresAt } from '../../http/token-set.ts';
import { FileTokenStore } from '../../http/token-store.ts';
import { tokenPath } from '../../runs/client.ts';
import type { GlobalArgs } from '../global-options.ts';
import { out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { describeExpiry } from './auth-shared.ts';

interface Args extends GlobalArgs {
  format: 'table' | 'json';
}

export interface SettingRow {
  name: string;
  value: string;
  source: Setting<unknown>['source'];
  /** The flag, variable or file key it came from; absent for a default. */
  from: string | null;
}

export interface TokenFileState {
  path: string;
  stored: boolean;
  /** e.g. "0600"; null when there is no file. */
  mode: string | null;
  expiresAt: string | null;
  /** Why a file that is there cannot be used. */
  problem: string | null;
  /** TRAKT_ACCESS_TOKEN is set, so the file is not used. */
  overridden: boolean;
}

export interface ConfigView {
  settings: SettingRow[];
  configDir: string;
  configFile: { path: string; exists: boolean; ignoredKeys: string[] };
  tokenFile: TokenFileState;
}

export const configCommand: CommandModule<GlobalArgs, Args> = {
  command: 'config',
  describe:
    'Show the effective configuration: every setting with its value and where it came from (flag, env, file, default), secrets masked',
  builder: (yargs) =>
    yargs
      .option('format', {
        choices: ['table', 'json'] as const,
        default: 'table' as const,
        describe: 'a table for people, or one JSON object',
      })
      .example('$0 config', 'what traktdb would use now, and why')
      .example(
        'TRAKTDB_DB=/tmp/t.duckdb $0 config --format json',
        'the same as JSON, with an override',
      ) as never,
  handler: async (argv) => {
    const config = loadConfig(argv);
    const view = await describeConfig(config, process.env);
    out(argv.format === 'json' ? JSON.stringify(view, null, 2) : renderConfig(view));
  },
};

/** Shows the first four characters only, so two secrets can be told apart without revealing either. */
export function mask(secret: string | undefined): string {
  if (secret === undefined) return '(not set)';
  // Below 16 characters even four of them say too much.
  return secret.length >= 16 ? `${secret.slice(0, 4)}…(masked)` : '…(masked)';
}

export async function describeConfig(config: Config, env: NodeJS.ProcessEnv): Promise<ConfigView> {
  const text = (s: Setting<string | undefined>) => s.value ?? '(not set)';
  const rows: [string, Setting<unknown>, string][] = [
    ['db', config.db, text(config.db)],
    ['archive', config.archive, text(config.archive)],
    ['api-url', config.apiUrl, text(config.apiUrl)],
    ['auth-url', config.authUrl, text(config.authUrl)],
    ['client-id', config.clientId, text(config.clientId)],
    ['client-secret', config.clientSecret, mask(config.clientSecret.value)],
    ['access-token', config.accessToken, mask(config.accessToken.value)],
    ['user', config.user, text(config.user)],
    [
      'rate-limit',
      config.rateLimit,
      `${config.rateLimit.value.limit}/${config.rateLimit.value.windowMs / 1000}`,
    ],
    [
      'write-rate',
      config.writeRate,
      `${config.writeRate.value.limit}/${config.writeRate.value.windowMs / 1000}`,
    ],
    ['concurrency', config.concurrency, String(config.concurrency.value)],
    ['scrub-period', config.scrubPeriod, scrubPeriodText(config.scrubPeriod.value)],
    ['scrub-share', config.scrubShare, String(config.scrubShare.value)],
    ['memory-limit', config.memoryLimit, config.memoryLimit.value ?? '(not set: 256MB when writing)'],
  ];
  const filePath = configFilePath(env);
  const exists = await stat(filePath).then(
    () => true,
    () => false,
  );
  const known = new Set<string>(CONFIG_FILE_KEYS);
  const ignoredKeys = exists
    ? Object.keys(readConfigFile(config.configDir)).filter((k) => !known.has(k))
    : [];
  return {
    settings: rows.map(([name, setting, value]) => ({
      name,
      value,
      source: setting.source,
      from: setting.from ?? null,
    })),
    configDir: config.configDir,
    configFile: { path: filePath, exists, ignoredKeys },
    tokenFile: await tokenFileState(tokenPath(config), config.accessToken.value !== undefined),
  };
}

async function tokenFileState(path: string, overridden: boolean): Promise<TokenFileState> {
  const state: TokenFileState = {
    path,
    stored: false,
    mode: null,
    expiresAt: null,
    problem: null,
    overridden,
  };
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return state;
  state.mode = (info.mode & 0o777).toString(8).padStart(4, '0');
  try {
    const tokens = await new FileTokenStore(path).load();
    if (tokens !== undefined) {
      state.stored = true;
      state.expiresAt = new Date(tokenExpiresAt(tokens)).toISOString();
    }
  } catch (error) {
    state.problem = error instanceof Error ? error.message : String(error);
  }
  return state;
}

export function renderConfig(view: ConfigView, now: number = Date.now()): string {
  const nameWidth = Math.max(...view.settings.map((r) => r.name.length));
  const valueWidth = Math.max(...view.settings.map((r) => r.value.length));
  const lines = [
    'Settings (a flag wins over the environment, then the config file, then what `auth login` stored):',
  ];
  for (const row of view.settings) {
    const source = row.from === null ? row.source : `${row.source} (${row.from})`;
    lines.push(`  ${row.name.padEnd(nameWidth)}  ${row.value.padEnd(valueWidth)}  ${source}`);
  }
  const { configFile: file, tokenFile: token } = view;
  lines.push('');
  lines.push(`config dir   ${view.configDir}`);
  lines.push(
    `config file  ${file.path} (${file.exists ? 'found' : 'none'}${
      file.ignoredKeys.length > 0 ? `; unknown keys ignored: ${file.ignoredKeys.join(', ')}` : ''
    })`,
  );
  let tokenText: string;
  if (token.problem !== null) tokenText = 'present but unusable; `traktdb auth login` replaces it';
  else if (!token.stored) tokenText = 'no token stored; run `traktdb auth login`';
  else {
    const expires =
      token.expiresAt === null ? '' : `, expires ${describeExpiry(Date.parse(token.expiresAt), now)}`;
    tokenText = `token stored, mode ${token.mode}${expires}`;
  }
  if (token.overridden) tokenText += '; not used while TRAKT_ACCESS_TOKEN is set';
  lines.push(`token file   ${token.path} (${tokenText})`);
  return lines.join('\n');
}

/** 604800000 ms as `7d`, the way it is written. */
export function scrubPeriodText(ms: number | null): string {
  if (ms === null) return 'off';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1000}s`;
}
