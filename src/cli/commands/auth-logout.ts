import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { clearAppCredentials, credentialsPath } from '../../http/app-credentials.ts';
import { revokeToken } from '../../http/auth.ts';
import { TraktClient } from '../../http/client.ts';
import type { TokenSet } from '../../http/token-set.ts';
import { FileTokenStore } from '../../http/token-store.ts';
import { tokenPath } from '../../runs/client.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err } from '../io.ts';
import { loadConfig } from '../load-config.ts';

// Where a person can revoke an app by hand when traktdb could not.
const AUTHORIZED_APPS_URL = 'https://trakt.tv/oauth/authorized_applications';

export const authLogoutCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'logout',
  describe: 'Revoke the stored token at Trakt and delete it; the file is deleted even when the revoke fails',
  builder: (yargs) =>
    yargs
      .example('$0 auth logout', 'revoke the token and delete the token file')
      .example(
        'XDG_CONFIG_HOME=/srv/cfg $0 auth logout',
        'sign out the account whose token lives in /srv/cfg',
      ),
  handler: async (argv) => {
    const config = loadConfig(argv);
    const path = tokenPath(config);
    const store = new FileTokenStore(path);
    const say = (line: string) => {
      if (!argv.quiet) err(line);
    };
    const envNote =
      config.accessToken.value === undefined
        ? ''
        : ' TRAKT_ACCESS_TOKEN is still set in the environment; unset it too.';

    let tokens: TokenSet | undefined;
    try {
      tokens = await store.load();
    } catch {
      // A damaged file cannot be revoked, but it must not stay behind either.
      await store.clear();
      err(
        `Deleted the unreadable token file ${path} without revoking it; ` +
          `revoke the app at ${AUTHORIZED_APPS_URL} if its token may still be in use.${envNote}`,
      );
      return;
    }
    if (tokens === undefined) {
      say(`Not signed in: no token is stored at ${path}, so there is nothing to revoke.${envNote}`);
      return;
    }

    const failure = await revoke(config, tokens);
    await store.clear();
    // What `auth login` stored with the token goes with it: signing out leaves no secret behind.
    const credentials = credentialsPath(config.configDir);
    const hadCredentials = existsSync(credentials);
    await clearAppCredentials(config.configDir);
    const deleted = hadCredentials ? `${path} and ${credentials} are deleted` : `${path} is deleted`;
    if (failure === undefined) {
      say(`Signed out: Trakt revoked the token, and ${deleted}.${envNote}`);
    } else {
      // Always shown, even with --quiet: the token may still work at Trakt.
      err(
        `Signed out here (${deleted}), but the token could not be revoked at Trakt: ${failure} ` +
          `Revoke the app at ${AUTHORIZED_APPS_URL} if it may still be in use.${envNote}`,
      );
    }
  },
};

/** Revokes the access token (Trakt revokes its refresh token with it); returns why not, or undefined. */
async function revoke(config: Config, tokens: TokenSet): Promise<string | undefined> {
  const clientId = config.clientId.value;
  const clientSecret = config.clientSecret.value;
  if (clientId === undefined || clientSecret === undefined) {
    return 'revoking needs the app credentials (--client-id or TRAKT_CLIENT_ID, and TRAKT_CLIENT_SECRET).';
  }
  try {
    const client = new TraktClient({
      apiUrl: config.apiUrl.value,
      authUrl: config.authUrl.value,
      clientId,
      clientSecret,
      clock: systemClock,
      // Signing out should not hang on a dead network for minutes.
      maxRetries: 2,
      retryBaseMs: 500,
      timeoutMs: 10_000,
    });
    await revokeToken(client, tokens.access_token);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /[.!?]$/.test(message) ? message : `${message}.`;
  }
}
