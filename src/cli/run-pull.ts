import { systemClock } from '../clock.ts';
import { IncompleteError, InterruptedError } from '../errors.ts';
import type { ExtractMode } from '../extract/runner.ts';
import type { PullSummary } from '../runs/pull.ts';
import type { GlobalArgs } from './global-options.ts';
import { out } from './io.ts';
import { loadConfig } from './load-config.ts';
import { count } from './plural.ts';
import { absentPaths, checkConnection, checkCredentials, removeCreated } from './preflight.ts';
import { incompleteMessage } from './problems.ts';
import { createReporter } from './progress.ts';
import { changesText } from './run-numbers.ts';

export interface PullPrinting {
  /**
   * `sync --every`: the rows-per-table list is printed only when a run changed
   * something, not twenty unchanged lines every six hours (each line also
   * starts with the time there: see io.ts stampLines).
   */
  scheduled?: boolean;
}

/** backup and sync share everything but the mode. */
export async function runPull(
  argv: GlobalArgs,
  mode: ExtractMode,
  printing: PullPrinting = {},
): Promise<PullSummary> {
  // Loaded on use: `--help`, `config` and the rest start without DuckDB and the extractors.
  const [{ pull }, { Store }] = await Promise.all([import('../runs/pull.ts'), import('../load/store.ts')]);
  const config = loadConfig(argv);
  const reporter = createReporter({
    quiet: argv.quiet,
    format: argv.logFormat,
    tty: process.stderr.isTTY === true,
    budget: config.rateLimit.value,
  });
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    controller.abort(
      new InterruptedError(`${mode} stopped by ${signal}; the run is recorded as interrupted.`),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A run that cannot start leaves nothing behind (docs/sync.md): the credentials are checked
  // before anything is opened; the connection once an existing --db has been checked (a bad one is
  // still exit 2 first), and a database this run created is removed again if Trakt cannot be reached.
  let store: Awaited<ReturnType<typeof Store.open>>;
  try {
    const { expired } = await checkCredentials(config, { clock: systemClock });
    const absent = await absentPaths(config.db.value);
    store = await Store.open(config.db.value, { memoryLimit: config.memoryLimit.value });
    try {
      await checkConnection(config, { clock: systemClock, signal: controller.signal, expired });
    } catch (error) {
      await store.close();
      await removeCreated(absent);
      throw error;
    }
  } catch (error) {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    throw error;
  }
  try {
    const summary = await pull({
      mode,
      config,
      store,
      clock: systemClock,
      onExtract: (event) => reporter.onExtract(event),
      onHttp: (event) => reporter.onHttp(event),
      signal: controller.signal,
    });
    reporter.finish();
    if (!argv.quiet) {
      for (const line of summaryLines(mode, summary, printing)) out(line);
    }
    if (summary.status === 'incomplete') {
      throw new IncompleteError(incompleteMessage(mode, summary.extract.problems));
    }
    return summary;
  } catch (error) {
    reporter.finish();
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
}

/** The run summary as lines (stdout). */
export function summaryLines(mode: ExtractMode, summary: PullSummary, printing: PullPrinting = {}): string[] {
  const lines: string[] = [];
  const { changes } = summary;
  const changed = changes.account + changes.media + changes.reranked;
  const fetched = summary.extract.outcomes.filter((o) => !o.skipped).length;
  const resumed = summary.extract.resumed;
  if (resumed !== undefined && (resumed.pages > 0 || resumed.committed > 0)) {
    lines.push(
      `resuming: ${count(resumed.pages, 'page')} of ${count(resumed.resources, 'resource')} reused` +
        (resumed.committed > 0
          ? `, ${count(resumed.committed, 'resource')} committed by the interrupted run`
          : '') +
        '.',
    );
  }
  lines.push(
    `${mode} run ${summary.runId} ${summary.status} in ${summary.seconds.toFixed(1)} s: ` +
      `${count(summary.requests, 'request')}, ${(summary.waitedMs / 1000).toFixed(1)} s waiting for rate budget, ` +
      `${summary.rateLimited} rate-limited (429), ${count(summary.retries, 'retry', 'retries')}; ` +
      `${count(fetched, 'resource')} fetched, ${changesText(changes)}.`,
  );
  const { scrub } = summary.extract;
  if (scrub !== undefined && scrub.requests > 0) {
    lines.push(
      `scrub: ${count(scrub.requests, 'request')}, ${count(scrub.repaired, 'difference')} repaired.`,
    );
  }
  const { problems } = summary.extract;
  if (!printing.scheduled || changed > 0) {
    lines.push('');
    const width = Math.max(...Object.keys(summary.tableCounts).map((t) => t.length));
    for (const [table, count] of Object.entries(summary.tableCounts)) {
      lines.push(`  ${table.padEnd(width)}  ${String(count).padStart(9)}`);
    }
  }
  if (problems.length === 0) return lines;
  // Each resource beside the word for what went wrong (docs/tolerance.md).
  lines.push('');
  lines.push('Not verified:');
  const keyWidth = Math.max(...problems.map((p) => p.key.length));
  for (const p of problems) lines.push(`  ${p.key.padEnd(keyWidth)}  ${p.problem.padEnd(11)}  ${p.reason}`);
  return lines;
}
