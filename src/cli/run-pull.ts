import { systemClock } from '../clock.ts';
import { IncompleteError, InterruptedError } from '../errors.ts';
import type { ExtractMode } from '../extract/runner.ts';
import type { PullSummary } from '../jobs/pull.ts';
import type { GlobalArgs } from './global-options.ts';
import { out } from './io.ts';
import { loadConfig } from './load-config.ts';
import { incompleteMessage } from './problems.ts';
import { createReporter } from './progress.ts';

/** backup and sync share everything but the mode. */
export async function runPull(argv: GlobalArgs, mode: ExtractMode): Promise<PullSummary> {
  // Loaded on use: `--help`, `config` and the rest start without DuckDB and the extractors.
  const [{ pull }, { Store }] = await Promise.all([import('../jobs/pull.ts'), import('../load/store.ts')]);
  const config = loadConfig(argv);
  const reporter = createReporter({
    quiet: argv.quiet,
    format: argv.logFormat,
    tty: process.stderr.isTTY === true,
  });
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    controller.abort(
      new InterruptedError(`${mode} stopped by ${signal}; the run is recorded as interrupted.`),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const store = await Store.open(config.db.value, { memoryLimit: config.memoryLimit.value });
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
    if (!argv.quiet) printSummary(mode, summary);
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

function printSummary(mode: ExtractMode, summary: PullSummary): void {
  const changed = summary.extract.outcomes.reduce((n, o) => n + o.inserted + o.updated + o.deleted, 0);
  const fetched = summary.extract.outcomes.filter((o) => !o.skipped).length;
  out(
    `${mode} run ${summary.runId} ${summary.status} in ${summary.seconds.toFixed(1)} s: ` +
      `${summary.requests} requests, ${(summary.waitedMs / 1000).toFixed(1)} s waiting for rate budget, ` +
      `${summary.rateLimited} rate-limited (429), ${summary.retries} retries; ` +
      `${fetched} resources fetched, ${changed} rows changed.`,
  );
  out('');
  const width = Math.max(...Object.keys(summary.tableCounts).map((t) => t.length));
  for (const [table, count] of Object.entries(summary.tableCounts)) {
    out(`  ${table.padEnd(width)}  ${String(count).padStart(9)}`);
  }
  const { problems } = summary.extract;
  if (problems.length === 0) return;
  // Each resource beside the word for what went wrong (docs/tolerance.md).
  out('');
  out('Not verified:');
  const keyWidth = Math.max(...problems.map((p) => p.key.length));
  for (const p of problems) out(`  ${p.key.padEnd(keyWidth)}  ${p.problem.padEnd(11)}  ${p.reason}`);
}
