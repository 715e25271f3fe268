import type { Simulator } from '../../src/simulator/index.ts';
import { type CliResult, type Running, run as runInProcess, type Sandbox, startCli } from '../helpers/cli.ts';

/**
 * The CLI test helper's old address, kept so tests written against it still import: everything
 * here is test/helpers/cli.ts (docs/testing.md, "Running the CLI"). `run` runs the command line
 * in-process; `start` starts a real `node bin/traktdb.js` for tests that read its stderr while
 * it runs or need its exit as the shell sees it. New tests import test/helpers/cli.ts.
 */
export {
  assertNoStack,
  assertOneSentence,
  type CliResult,
  eachLimited,
  REPO,
  type Running,
  type Sandbox,
  sandbox,
  sandboxAt,
  simEnv,
  storeToken,
} from '../helpers/cli.ts';

/** `traktdb ...args` in the sandbox, in-process; `extraEnv` adds to the sandbox's environment. */
export function run(box: Sandbox, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return runInProcess(box, args, extraEnv);
}

/** A real `node bin/traktdb.js ...args` in the sandbox, whose stderr can be waited on line by line. */
export function start(box: Sandbox, args: string[], extraEnv: Record<string, string> = {}): Running {
  return startCli(args, { env: { ...box.env, ...extraEnv } });
}

/** GET /users/settings straight at the simulator with a given bearer token; returns the status. */
export async function settingsStatus(sim: Simulator, token: string): Promise<number> {
  const response = await fetch(`${sim.url}/users/settings`, {
    headers: {
      'User-Agent': 'traktdb-test',
      'trakt-api-key': sim.clientId,
      'trakt-api-version': '2',
      Authorization: `Bearer ${token}`,
    },
  });
  await response.arrayBuffer();
  return response.status;
}
