import cliProgress from 'cli-progress';
import type { ExtractEvent } from '../extract/events.ts';
import type { HttpEvent } from '../http/client.ts';
import { err } from './io.ts';
import { count } from './plural.ts';
import { type Budget, RunProgress } from './run-progress.ts';
import { shownPath } from './shown-path.ts';

export interface Reporter {
  onExtract(event: ExtractEvent): void;
  onHttp(event: HttpEvent): void;
  /** Stops live output before the summary is printed. */
  finish(): void;
}

/**
 * Renders extractor and HTTP events on stderr: JSON lines for machines
 * (`--log-format json`); on a terminal, a progress bar per resource in
 * flight (pages, rows) and a countdown while waiting for rate budget; plain
 * lines otherwise. `--quiet` prints nothing but errors.
 */
export function createReporter(options: {
  quiet: boolean;
  format: 'text' | 'json';
  tty: boolean;
  /** The GET budget, for the ETA of the overall line. */
  budget?: Budget;
}): Reporter {
  if (options.quiet) return { onExtract: () => {}, onHttp: () => {}, finish: () => {} };
  if (options.format === 'json') return jsonReporter();
  return options.tty ? barReporter(options.budget) : lineReporter();
}

function jsonReporter(): Reporter {
  const line = (event: object) => err(JSON.stringify({ at: new Date().toISOString(), ...event }));
  return {
    onExtract: line,
    onHttp: (event) => {
      if (event.type !== 'request' && event.type !== 'response') line(event);
    },
    finish: () => {},
  };
}

/** What is printed once per finished resource, in every text mode. */
/**
 * The friendly title of each resource seen so far (plan and start events
 * carry it; a retry does not), so every line says `watch history`, not `plays`.
 */
class Titles {
  private readonly known = new Map<string, string>();
  see(event: ExtractEvent): void {
    if (event.type === 'plan') for (const r of event.resources) this.known.set(r.resource, r.title);
    else if ('title' in event) this.known.set(event.resource, event.title);
  }
  of(resource: string): string {
    return this.known.get(resource) ?? resource;
  }
}

function describe(event: ExtractEvent, titles?: Titles): string | undefined {
  switch (event.type) {
    case 'resource-done': {
      // What was fetched, then what the table holds, then the changes: a sync fetches a window of
      // history, not the table; a renumbered rank is said apart from a change (docs/sync.md).
      const table = event.tableRows === undefined ? '' : `, ${count(event.tableRows, 'row')} in the table`;
      const reranked = event.reranked ? `, ${event.reranked} re-ranked` : '';
      return `  ${event.title}: ${count(event.rows, 'row')} fetched${table} (${event.inserted} new, ${event.updated} changed, ${event.deleted} removed${reranked})`;
    }
    case 'resource-incomplete':
      return `  ${event.title}: ${event.problem.toUpperCase()}, ${event.reason}`;
    case 'resource-retry':
      return `  ${titles?.of(event.resource) ?? event.resource}: paging again (pass ${event.pass}): ${event.reason}`;
    case 'plan':
      return resumingLine(event);
    default:
      return undefined;
  }
}

function lineReporter(): Reporter {
  const titles = new Titles();
  return {
    onExtract(event) {
      titles.see(event);
      const text = describe(event, titles);
      if (text !== undefined) err(text);
    },
    onHttp(event) {
      if (event.type === 'rate-limit-wait') {
        err(`  waiting ${Math.ceil(event.ms / 1000)} s for rate budget (${event.reason})`);
      } else if (event.type === 'retry') {
        err(
          `  retrying ${event.method} ${shownPath(event.path)} in ${Math.round(event.delayMs)} ms: ${event.reason}`,
        );
      }
    },
    finish: () => {},
  };
}

/**
 * "resuming: 250 pages of 1 resource reused" when an interrupted run left
 * pages or committed resources this run takes over (docs/sync.md "Resuming").
 */
export function resumingLine(event: Extract<ExtractEvent, { type: 'plan' }>): string | undefined {
  if (event.reusablePages === 0 && event.committed === 0) return undefined;
  const pages = `${event.reusablePages} page${event.reusablePages === 1 ? '' : 's'}`;
  const of = `${event.reusableResources} resource${event.reusableResources === 1 ? '' : 's'}`;
  const committed =
    event.committed === 0
      ? ''
      : `; ${event.committed} resource${event.committed === 1 ? '' : 's'} it committed not fetched again`;
  return `resuming: ${pages} of ${of} reused from the interrupted run${committed}`;
}

/** Bar titles: the friendly title, padded and cut to one width. */
const TITLE_WIDTH = 26;

function fitTitle(title: string): string {
  return title.length > TITLE_WIDTH ? `${title.slice(0, TITLE_WIDTH - 1)}…` : title.padEnd(TITLE_WIDTH);
}

/**
 * On a terminal: one overall line (resources done of total, requests done
 * of estimated, the wait for rate budget, the time left at the budget), a
 * bar per resource being paged, and one line naming the resources waiting
 * their turn. A finished resource's bar gives way to its summary line. Every
 * line is redrawn once a second from the run's state, so nothing freezes
 * while the client waits for budget.
 */
function barReporter(budget: Budget | undefined): Reporter {
  const multibar = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {title} |{bar}| {value}/{total} pages, {rows} rows',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const progress = new RunProgress(budget, () => Date.now());
  const titles = new Titles();
  const overall = multibar.create(1, 0, { text: '' }, { format: ' {text}' });
  const bars = new Map<string, cliProgress.SingleBar>();
  let queuedLine: cliProgress.SingleBar | undefined;
  const render = () => {
    const { paging, queued } = progress.split();
    const active = new Set(paging.map(([name]) => name));
    for (const [name, bar] of bars) {
      if (active.has(name)) continue;
      multibar.remove(bar);
      bars.delete(name);
    }
    for (const [name, state] of paging) {
      let bar = bars.get(name);
      if (bar === undefined) {
        bar = multibar.create(state.pageCount, 0, { title: fitTitle(state.title), rows: 0 });
        bars.set(name, bar);
      }
      bar.setTotal(state.pageCount);
      bar.update(state.page, { rows: state.rows.toLocaleString('en-US') });
    }
    if (queued.length > 0) {
      const shown = queued.slice(0, 4).join(', ');
      const text = `queued: ${shown}${queued.length > 4 ? ` and ${queued.length - 4} more` : ''}`;
      queuedLine ??= multibar.create(1, 0, { text }, { format: '   {text}' });
      queuedLine.update(0, { text });
    } else if (queuedLine !== undefined) {
      multibar.remove(queuedLine);
      queuedLine = undefined;
    }
    overall.update(0, { text: progress.overallLine() });
  };
  const timer = setInterval(render, 1000);
  timer.unref();
  return {
    onExtract(event) {
      progress.onExtract(event);
      titles.see(event);
      const text = describe(event, titles);
      if (text !== undefined) multibar.log(`${text}\n`);
      render();
    },
    onHttp(event) {
      progress.onHttp(event);
      if (event.type === 'retry') {
        multibar.log(
          `  retrying ${event.method} ${shownPath(event.path)} in ${Math.round(event.delayMs)} ms: ${event.reason}\n`,
        );
      }
      if (event.type === 'response' || event.type === 'rate-limit-wait') render();
    },
    finish() {
      clearInterval(timer);
      multibar.stop();
    },
  };
}
