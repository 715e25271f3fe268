import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { resolveConfig } from '../../config.ts';
import { formatRows } from '../../reports/format/index.ts';
import { runReport } from '../../reports/run-report.ts';
import type { PullSummary } from '../../runs/pull.ts';
import type { GlobalArgs } from '../global-options.ts';
import { out } from '../io.ts';
import { count } from '../plural.ts';
import { createReporter } from '../progress.ts';
import { terminalWidth } from './report.ts';

/**
 * The whole pipeline in under a minute, on the bundled simulator: a backup,
 * a few reports, new activity on the "Trakt" side, and a sync that fetches
 * only that. The database stays for the user to query.
 */
export const demoCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'demo',
  describe: 'Back up a simulated Trakt account, show reports, change it, sync (data/demo.duckdb)',
  builder: (yargs) =>
    yargs
      .example('$0 demo', 'run the demo into data/demo.duckdb')
      .example('$0 demo --db /tmp/demo.duckdb --archive /tmp/demo-raw', 'somewhere else'),
  handler: async (argv) => {
    const [{ startSimulator }, { pull }, { Store }, { latestYearWithPlays, renderYearInReview }] =
      await Promise.all([
        import('../../simulator/index.ts'),
        import('../../runs/pull.ts'),
        import('../../load/store.ts'),
        import('../../html/index.ts'),
      ]);
    const sim = await startSimulator({ profile: 'typical', seed: 2026 });
    const env = {
      ...process.env,
      TRAKT_ACCESS_TOKEN: sim.accessToken,
      TRAKT_CLIENT_SECRET: sim.clientSecret,
    };
    const config = resolveConfig(
      {
        ...argv,
        db: argv.db ?? 'data/demo.duckdb',
        archive: argv.archive ?? 'data/demo-raw',
        apiUrl: sim.url,
        authUrl: sim.url,
        clientId: sim.clientId,
        // The demo shows credits too (docs/credits.md): one request per played title, on the simulator.
        with: 'credits',
      },
      env,
    );
    const reporter = createReporter({
      quiet: argv.quiet,
      format: argv.logFormat,
      tty: process.stderr.isTTY === true,
    });
    // The demo starts from nothing each time; these are its own files.
    for (const path of [config.db.value, `${config.db.value}.wal`, config.archive.value]) {
      await rm(path, { recursive: true, force: true });
    }
    const store = await Store.open(config.db.value, { memoryLimit: config.memoryLimit.value });
    try {
      const run = (mode: 'backup' | 'sync') =>
        pull({
          mode,
          config,
          store,
          clock: systemClock,
          onExtract: (event) => reporter.onExtract(event),
          onHttp: (event) => reporter.onHttp(event),
        });
      out(`Simulated Trakt account (typical profile) at ${sim.url}`);
      out('');
      out('1. Full backup');
      const backup = await run('backup');
      reporter.finish();
      out(pullLine(backup));
      out(
        `   ${backup.tableCounts['plays']} plays, ${backup.tableCounts['ratings']} ratings, ` +
          `${backup.tableCounts['watchlist']} watchlist items, ${backup.tableCounts['list_items']} list items, ` +
          `${backup.tableCounts['movies']} movies, ${backup.tableCounts['episodes']} episodes, ` +
          `${backup.tableCounts['credits']} credits of ${backup.tableCounts['people']} people`,
      );
      out('');
      for (const [title, name, options] of [
        ['2. Watch time per year', 'watch-time', { by: 'year' }],
        ['3. Top shows', 'top-shows', { limit: '5' }],
        ['4. Longest streak', 'streaks', {}],
      ] as const) {
        out(title);
        const result = await runReport(store.duck, name, options);
        out(formatRows('table', result.columns, result.rows, { width: terminalWidth() }));
      }
      const latest = await latestYearWithPlays(store.duck);
      if (latest !== null) {
        out(`5. Top actors of ${latest} (from credits)`);
        const result = await runReport(store.duck, 'top-people', { year: String(latest), limit: '5' });
        out(formatRows('table', result.columns, result.rows, { width: terminalWidth() }));
      }
      out(
        '6. Meanwhile on Trakt: 12 new plays, 1 backdated play, 2 removed plays, a new rating, a watchlist edit, ' +
          'a new follow and an accepted follow request',
      );
      const truth = sim.truth();
      sim.mutate.addPlays(12);
      sim.mutate.addPlays(1, { backdated: true });
      sim.mutate.removePlays({ count: 2 });
      const unrated = truth.movies.find(
        (m) => !truth.ratings.some((r) => r.media_type === 'movie' && r.trakt_id === m.trakt_id),
      );
      if (unrated) sim.mutate.rate('movie', unrated.trakt_id, 9);
      sim.mutate.watchlistRemove({ count: 1 });
      sim.mutate.follow();
      sim.mutate.acceptRequest();
      out('');
      out('7. Incremental sync');
      const sync = await run('sync');
      reporter.finish();
      out(pullLine(sync));
      for (const outcome of sync.extract.outcomes.filter((o) => !o.skipped)) {
        out(
          `   ${outcome.title}: ${outcome.requests} requests, ${outcome.inserted} new, ${outcome.updated} changed, ${outcome.deleted} removed`,
        );
      }
      const skipped = sync.extract.outcomes.filter((o) => o.skipped === 'unchanged').length;
      out(`   ${skipped} unchanged resources were not fetched at all.`);
      out('');
      const year = await latestYearWithPlays(store.duck);
      if (year !== null) {
        const page = join(dirname(config.db.value), `demo-year-in-review-${year}.html`);
        await writeFile(page, await renderYearInReview(store.duck, { year }));
        out(`8. Year in review ${year}: open ${page} in a browser (one file, works offline)`);
        out('');
      }
      out(`The database is ${config.db.value}; try:`);
      out(`  npx traktdb report top-movies --db ${config.db.value}`);
      out(
        `  npx traktdb query --db ${config.db.value} "select title, count(*) as plays from fct_plays group by title order by plays desc limit 5"`,
      );
    } finally {
      reporter.finish();
      await store.close();
      await sim.close();
    }
  },
};

function pullLine(summary: PullSummary): string {
  const changed = summary.extract.outcomes.reduce((n, o) => n + o.inserted + o.updated + o.deleted, 0);
  return (
    `   ${summary.status} in ${summary.seconds.toFixed(1)} s: ${summary.requests} requests, ` +
    `${summary.rateLimited} rate-limited, ${count(summary.retries, 'retry', 'retries')}, ${count(changed, 'row')} changed`
  );
}
