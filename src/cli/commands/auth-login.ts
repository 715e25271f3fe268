import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { InterruptedError } from '../../errors.ts';
import { saveAppCredentials } from '../../http/app-credentials.ts';
import { pollDeviceToken, requestDeviceCode } from '../../http/auth.ts';
import { TraktClient } from '../../http/client.ts';
import { createTraktClient } from '../../http/create-client.ts';
import { loginNeedsCredentials } from '../../http/errors.ts';
import { tokenExpiresAt } from '../../http/token-set.ts';
import { FileTokenStore } from '../../http/token-store.ts';
import { tokenPath } from '../../runs/client.ts';
import type { GlobalArgs } from '../global-options.ts';
import { loadConfig } from '../load-config.ts';
import { describeExpiry, notifier, span, whoAmI } from './auth-shared.ts';

// In text mode a reminder that traktdb is still waiting, at most this often.
const REMINDER_EVERY_MS = 30_000;
// RFC 8628 §3.5, as http/auth.ts applies it: each "slow down" adds 5 seconds to the interval.
const SLOW_DOWN_STEP_S = 5;

export const authLoginCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'login',
  describe:
    'Sign in with the device flow: prints a code to enter at trakt.tv/activate, waits for approval, stores the token',
  builder: (yargs) =>
    yargs
      .example(
        'TRAKT_CLIENT_ID=... TRAKT_CLIENT_SECRET=... $0 auth login',
        'sign in with your Trakt API app; no keyboard input needed',
      )
      .example(
        '$0 auth login --log-format json 2>&1 | jq -r "select(.type==\\"device-code\\") | .user_code"',
        'a script picks the code out of JSON lines',
      ),
  handler: async (argv) => {
    const config = loadConfig(argv);
    const clientId = config.clientId.value;
    const clientSecret = config.clientSecret.value;
    if (clientId === undefined || clientSecret === undefined) {
      throw loginNeedsCredentials(
        clientId === undefined && clientSecret === undefined
          ? 'client id and secret'
          : clientId === undefined
            ? 'client id'
            : 'client secret',
      );
    }
    const say = notifier({ format: argv.logFormat, quiet: argv.quiet });
    const clock = systemClock;
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals) =>
      controller.abort(
        new InterruptedError(`\`traktdb auth login\` stopped by ${signal}; nothing was saved.`),
      );
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      let intervalSeconds = 0;
      const client = new TraktClient({
        apiUrl: config.apiUrl.value,
        authUrl: config.authUrl.value,
        clientId,
        clientSecret,
        clock,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'response' && event.path === '/oauth/device/token' && event.status === 429) {
            intervalSeconds += SLOW_DOWN_STEP_S;
            say.say(
              'slow-down',
              `Trakt asked traktdb to poll more slowly (429); checking every ${intervalSeconds} seconds now.`,
              { interval: intervalSeconds },
            );
          }
        },
      });
      const code = await requestDeviceCode(client);
      intervalSeconds = code.interval;
      say.say(
        'device-code',
        `To sign in to Trakt, open ${code.verification_url} and enter the code ${code.user_code}\n` +
          `(it works for ${span(code.expires_in * 1000)}; traktdb checks every ${code.interval} seconds and needs no input here).`,
        {
          verification_url: code.verification_url,
          user_code: code.user_code,
          expires_in: code.expires_in,
          interval: code.interval,
        },
        true,
      );
      if (config.accessToken.value !== undefined) {
        say.say(
          'warning',
          'Note: TRAKT_ACCESS_TOKEN is set, and traktdb uses it instead of the stored token until you unset it.',
        );
      }
      let lastReminder = clock.now();
      const tokens = await pollDeviceToken(client, code, {
        clock,
        signal: controller.signal,
        onPending: ({ polls, expiresAt }) => {
          const left = Math.max(0, expiresAt - clock.now());
          if (argv.logFormat === 'json') {
            say.say('pending', 'Waiting for approval.', { polls, expires_in: Math.round(left / 1000) });
          } else if (clock.now() - lastReminder >= REMINDER_EVERY_MS) {
            lastReminder = clock.now();
            say.say(
              'pending',
              `Still waiting for approval at ${code.verification_url} (code ${code.user_code}, ${span(left)} left).`,
            );
          }
        },
      });
      const path = tokenPath(config);
      const store = new FileTokenStore(path);
      await store.save(tokens);
      // A scheduled run has none of the environment this login had (docs/sync.md, "Scheduling"):
      // the app that issued the token, and the secret every refresh posts, are kept next to it.
      const credentials = await saveAppCredentials(config.configDir, {
        client_id: clientId,
        client_secret: clientSecret,
      });
      const expires = describeExpiry(tokenExpiresAt(tokens), clock.now());
      let who: { username: string; slug: string | undefined } | undefined;
      try {
        const { client: api } = createTraktClient({
          apiUrl: config.apiUrl.value,
          authUrl: config.authUrl.value,
          clientId,
          clientSecret,
          tokenStore: store,
          clock,
          maxRetries: 2,
          signal: controller.signal,
        });
        who = await whoAmI(api);
      } catch (error) {
        say.say(
          'warning',
          `Signed in, but Trakt did not say whose account it is: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const name = who === undefined ? '' : ` as ${who.username}${who.slug ? ` (${who.slug})` : ''}`;
      say.say(
        'signed-in',
        `Signed in to Trakt${name}. The token is saved in ${path} and the app's client id and secret in ${credentials} ` +
          `(both mode 0600), so scheduled runs need no environment variables; the token expires ${expires}.`,
        {
          credentials_file: credentials,
          username: who?.username ?? null,
          slug: who?.slug ?? null,
          token_file: path,
          expires_at: new Date(tokenExpiresAt(tokens)).toISOString(),
        },
      );
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
