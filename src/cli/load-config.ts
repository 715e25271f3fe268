import { type Config, type ConfigFlags, resolveConfig } from '../config.ts';
import { err } from './io.ts';

const shown = new Set<string>();

/**
 * The effective configuration for a command, with its warnings (an unknown
 * key in the config file, a client secret others can read) printed on stderr,
 * each once per process: `sync --every` resolves the configuration for every
 * run and should not repeat itself. `--quiet` keeps them quiet, as it does
 * everything but errors.
 */
export function loadConfig(
  argv: ConfigFlags & { quiet?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const config = resolveConfig(argv, env);
  if (argv.quiet !== true) {
    for (const warning of config.warnings) {
      if (shown.has(warning)) continue;
      shown.add(warning);
      err(`traktdb: warning: ${warning}`);
    }
  }
  return config;
}
