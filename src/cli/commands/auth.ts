import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-options.ts';
import { ownOptionsFirst } from '../own-options-first.ts';
import { authLoginCommand } from './auth-login.ts';
import { authLogoutCommand } from './auth-logout.ts';
import { authStatusCommand } from './auth-status.ts';

export const authCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'auth',
  describe: 'Sign in to Trakt (device flow), see who is signed in, or sign out',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .command(ownOptionsFirst(authLoginCommand))
      .command(ownOptionsFirst(authStatusCommand))
      .command(ownOptionsFirst(authLogoutCommand))
      .demandCommand(1, 'Name an auth command: `traktdb auth login`, `auth status` or `auth logout`.')
      .example('$0 auth login', 'print a code to enter at trakt.tv/activate and wait for approval')
      .example('$0 auth status', 'who is signed in and when the token expires')
      .example('$0 auth logout', 'revoke the token and delete it'),
  // yargs runs a subcommand's handler; this one is reached only with none, which demandCommand refuses.
  handler: () => {},
};
