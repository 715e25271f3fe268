import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { InterruptedError, TraktdbError } from '../../errors.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, stampLines } from '../io.ts';
import { runPull } from '../run-pull.ts';
import { parseSchedule } from '../schedule.ts';

interface Args extends GlobalArgs {
  full: boolean;
  every?: string;
}

/** How long a stopped `sync --every` keeps listening before it exits (see the handler). */
const STOP_GRACE_MS = 250;

/** After a failed scheduled run, wait this long before trying again (doubling, capped at the schedule). */
const FIRST_BACKOFF_MS = 60_000;

export const syncCommand: CommandModule<GlobalArgs, Args> = {
  command: 'sync',
  describe: 'Fetch only what changed since the last run (from /sync/last_activities)',
  builder: (yargs) =>
    yargs
      .option('full', {
        type: 'boolean',
        default: false,
        describe: 're-verify every resource and report what differed',
      })
      .option('scrub-period', {
        type: 'string',
        requiresArg: true,
        describe:
          're-verify the whole account within this time, a due slice per sync (default 7d; off) [env TRAKTDB_SCRUB_PERIOD]',
      })
      .option('every', {
        type: 'string',
        describe: 'keep running: a duration (6h, 30m) or a cron expression (UTC)',
      })
      .option('with', {
        type: 'string',
        describe:
          'also fetch opt-in extras: credits (one request per played movie and show; docs/credits.md)',
      })
      .example('$0 sync', 'an incremental pull, e.g. from cron')
      .example('$0 sync --full', 're-verify everything against Trakt')
      .example('$0 sync --every 6h --quiet', 'stay in the foreground and pull every six hours') as never,
  handler: async (argv) => {
    const mode = argv.full ? 'sync-full' : 'sync';
    if (argv.every === undefined) {
      await runPull(argv, mode);
      return;
    }
    const next = parseSchedule(argv.every);
    const controller = new AbortController();
    const stop = () => controller.abort(new InterruptedError('sync --every stopped.'));
    // `on`, not `once`: a terminal's Ctrl-C reaches every process of its group, and `npx` also
    // forwards the one it got, so traktdb can see it twice; the second must not kill a clean stop.
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // A log that runs for weeks says when each line was written (JSON lines have their own `at`).
    if (argv.logFormat === 'text') stampLines(() => systemClock.now());
    let backoff = FIRST_BACKOFF_MS;
    try {
      while (!controller.signal.aborted) {
        const started = new Date(systemClock.now());
        let wait: number;
        try {
          // The database is opened and closed inside each run, so reports can read it between runs.
          await runPull(argv, mode, { scheduled: true });
          backoff = FIRST_BACKOFF_MS;
          wait = next(started).getTime() - systemClock.now();
        } catch (error) {
          if (controller.signal.aborted || error instanceof InterruptedError) throw error;
          const message = error instanceof TraktdbError ? error.message : String(error);
          const due = next(started).getTime() - systemClock.now();
          wait = Math.min(backoff, Math.max(due, FIRST_BACKOFF_MS));
          backoff = Math.min(backoff * 2, Math.max(due, FIRST_BACKOFF_MS));
          err(`traktdb: scheduled sync failed: ${message} Trying again in ${Math.round(wait / 1000)} s.`);
        }
        if (!argv.quiet)
          err(`Next sync at ${new Date(systemClock.now() + Math.max(0, wait)).toISOString()}.`);
        await systemClock.sleep(Math.max(0, wait), controller.signal).catch(() => undefined);
      }
      // Stopped between runs (a run that was stopped has thrown by now). Stay a moment with the
      // listeners in place: a copy of the signal arriving once node has begun to exit (npx forwards
      // the Ctrl-C it got, a few ms after the terminal's own) meets the default action, which kills
      // (exit 130, not 0). The database and the archive are closed already.
      await new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS));
    } finally {
      stampLines(undefined);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
