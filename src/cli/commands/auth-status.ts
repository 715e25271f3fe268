import { stat } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { AuthError } from '../../errors.ts';
import { createTraktClient } from '../../http/create-client.ts';
import { tokenExpiresAt } from '../../http/token-set.ts';
import { FileTokenStore } from '../../http/token-store.ts';
import { tokenPath } from '../../runs/client.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { describeExpiry, requireClientId, whoAmI } from './auth-shared.ts';

export const authStatusCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'status',
  describe: 'Show who is signed in (asking Trakt) and when the token expires; exit 3 when nobody is',
  builder: (yargs) =>
    yargs
      .example('$0 auth status', 'the account, the token file and its expiry')
      .example('$0 auth status --quiet || $0 auth login', 'sign in again only when needed'),
  handler: async (argv) => {
    const config = loadConfig(argv);
    const path = tokenPath(config);
    const clock = systemClock;
    const common = {
      apiUrl: config.apiUrl.value,
      authUrl: config.authUrl.value,
      ...(config.clientSecret.value === undefined ? {} : { clientSecret: config.clientSecret.value }),
      clock,
      maxRetries: 2,
    };
    const show = (line: string) => {
      if (!argv.quiet) out(line);
    };

    const envToken = config.accessToken.value;
    if (envToken !== undefined) {
      const clientId = requireClientId(config);
      const { client } = createTraktClient({ ...common, clientId, staticToken: envToken });
      const who = await whoAmI(client);
      show(`user:        ${who.username}${who.slug ? ` (slug ${who.slug})` : ''}`);
      show('token:       from TRAKT_ACCESS_TOKEN (it overrides any stored token)');
      show('expires:     unknown (a token from the environment is used as is, never refreshed)');
      return;
    }

    const store = new FileTokenStore(path);
    const stored = await store.load();
    if (stored === undefined) {
      throw new AuthError(
        `Not signed in to Trakt: no token is stored at ${path}; run \`traktdb auth login\` (or set TRAKT_ACCESS_TOKEN).`,
      );
    }
    const mode = (await stat(path)).mode & 0o777;
    if (mode !== 0o600) {
      await store.tighten();
      err(`The token file ${path} had mode ${mode.toString(8).padStart(4, '0')}; it is 0600 again.`);
    }
    const clientId = requireClientId(config);
    const { client, tokens } = createTraktClient({ ...common, clientId, tokenStore: store });
    let refreshed = false;
    tokens.onRefreshed(() => {
      refreshed = true;
    });
    const who = await whoAmI(client);
    const current = (await tokens.tokens()) ?? stored;
    show(`user:        ${who.username}${who.slug ? ` (slug ${who.slug})` : ''}`);
    show(`token file:  ${path} (mode 0600)`);
    show(
      `expires:     ${describeExpiry(tokenExpiresAt(current), clock.now())}${refreshed ? ', just refreshed' : ''}`,
    );
  },
};
