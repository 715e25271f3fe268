import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DbTimes } from './db-timing.ts';
import type { BenchResults } from './results.ts';
import { int, mb, median, seconds } from './stats.ts';
import { type Row, summarize } from './summary.ts';

const NOTES = fileURLToPath(new URL('./NOTES.md', import.meta.url));

type Cells = string[];

function markdownTable(header: Cells, rows: Cells[]): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

function textTable(header: Cells, rows: Cells[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: Cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const SUMMARY_HEADER = ['section', 'measure', 'traktdb', 'compared with', 'ratio', 'target', 'verdict'];

function summaryCells(rows: Row[]): Cells[] {
  return rows.map((r) => [
    r.section,
    r.measure,
    r.value,
    r.reference,
    r.ratio,
    r.target,
    r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
  ]);
}

function dbBusy(db: DbTimes): string {
  const total = Object.values(db).reduce((a, b) => a + b, 0);
  const top = Object.entries(db)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([kind, ms]) => `${kind} ${seconds(ms)}`)
    .join(', ');
  return `${seconds(total)} (${top})`;
}

function backupDetail(r: BenchResults): { header: Cells; rows: Cells[] } {
  const header = [
    'run',
    'requests',
    'wall',
    'bound',
    'latency (median)',
    'waited on budget',
    'last answer at',
    'client CPU',
    'simulator CPU',
    'DuckDB busy',
    'peak RSS',
  ];
  const rows = r.backup.runs.map((x, i) => [
    `traktdb ${i + 1}`,
    int(x.server.requests),
    seconds(x.wallMs),
    seconds(x.boundMs),
    `${x.latencyMs.toFixed(1)} ms`,
    seconds(x.waitedMs),
    seconds(x.lastAnswerMs),
    seconds(x.cpuMs),
    seconds(x.server.simCpuMs),
    dbBusy(x.dbMs),
    mb(x.peakRssKb),
  ]);
  const b = r.backup.baseline;
  rows.push([
    'naive exporter',
    `${int(b.server.requests)} (${int(b.emptyPages)} empty pages)`,
    seconds(b.wallMs),
    '',
    '',
    `${seconds((b.requests * r.meta.budget.windowMs) / r.meta.budget.limit / r.meta.warpFactor)} (fixed sleeps)`,
    '',
    seconds(b.cpuMs),
    seconds(b.server.simCpuMs),
    'none (JSON files)',
    mb(b.peakRssKb),
  ]);
  return { header, rows };
}

function syncDetail(r: BenchResults): { header: Cells; rows: Cells[] } {
  const header = [
    'scenario',
    'requests per run',
    'wall per run',
    'requests by resource (last run)',
    'DuckDB busy (last run)',
  ];
  const rows = r.sync.map((s) => {
    const last = s.runs[s.runs.length - 1];
    const byResource = Object.entries(last?.result.requestsByResource ?? {})
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    return [
      s.name,
      s.runs.map((x) => x.requests).join(', '),
      s.runs.map((x) => seconds(x.wallMs)).join(', '),
      `last_activities + ${byResource || 'nothing'}`,
      last === undefined ? '' : dbBusy(last.result.dbMs),
    ];
  });
  return { header, rows };
}

function loadDetail(r: BenchResults): { header: Cells; rows: Cells[] } {
  const header = ['step', 'wall', 'detail', 'DuckDB busy', 'peak RSS'];
  const { load } = r;
  const rows: Cells[] = [
    [
      `archive of ${load.profile} (backup extractor, no database)`,
      seconds(load.archive.wallMs),
      `${int(load.archive.requests)} requests; account generated in ${seconds(load.archive.simStartMs)}`,
      '',
      mb(load.archive.peakRssKb),
    ],
  ];
  for (const [name, rb] of [
    [r.meta.profiles.main, r.mainRebuild],
    [load.profile, load.rebuild],
  ] as const) {
    rows.push([
      `rebuild ${name}`,
      seconds(rb.wallMs),
      `${int(rb.rows)} rows in ${rb.loads} loads; plays ${seconds(rb.playsMs)}; models and ledger ${seconds(rb.modelsMs)}; CPU ${seconds(rb.cpuMs)}`,
      dbBusy(rb.dbMs),
      mb(rb.peakRssKb),
    ]);
  }
  rows.push([
    `DuckDB read_json of the same ${int(load.readJson[0]?.rows ?? 0)} plays`,
    load.readJson.map((x) => seconds(x.wallMs)).join(', '),
    `median ${seconds(median(load.readJson.map((x) => x.wallMs)))}`,
    '',
    mb(median(load.readJson.map((x) => x.peakRssKb))),
  ]);
  return { header, rows };
}

function restoreDetail(r: BenchResults): { header: Cells; rows: Cells[] } {
  const header = ['resource', 'planned', 'written', 'writes', 'minimum writes'];
  const x = r.restore;
  if (x === undefined) return { header, rows: [] };
  const writes = (resource: string) =>
    Object.entries(x.apply.serverWrites)
      .filter(([path]) =>
        resource === 'history'
          ? path === '/sync/history'
          : resource === 'lists'
            ? path.startsWith('/users/')
            : path === `/sync/${resource}`,
      )
      .reduce((n, [, c]) => n + c, 0);
  const rows = x.apply.rows.map((row) => [
    row.resource,
    int(row.planned),
    int(row.written),
    int(writes(row.resource)),
    int(x.apply.plannedRequests[row.resource] ?? 0),
  ]);
  rows.push([
    'all',
    int(x.apply.rows.reduce((n, row) => n + row.planned, 0)),
    int(x.apply.rows.reduce((n, row) => n + row.written, 0)),
    int(x.apply.writes),
    int(Object.values(x.apply.plannedRequests).reduce((a, b) => a + b, 0)),
  ]);
  return { header, rows };
}

function reportsDetail(r: BenchResults): { header: Cells; rows: Cells[] } {
  const { byReport, rows: counts } = r.load.reports;
  return {
    header: ['report', `median of ${r.meta.quick ? 'runs' : '3 runs'}`, 'rows'],
    rows: Object.entries(byReport).map(([name, ms]) => [name, `${ms.toFixed(0)} ms`, int(counts[name] ?? 0)]),
  };
}

function missedList(rows: Row[]): string {
  const missed = rows.filter((r) => r.met === false);
  if (missed.length === 0) return '## Targets\n\nEvery target was met in this run.';
  return `## Targets missed in this run\n\n${missed
    .map(
      (r) =>
        `- **${r.section}, ${r.measure}:** ${r.value}${r.reference ? ` against ${r.reference}` : ''}${r.ratio ? `: ${r.ratio}` : ''}; target ${r.target}.`,
    )
    .join('\n')}`;
}

/** The plain-text table `npm run bench` prints. */
export function renderTable(r: BenchResults): string {
  const { rows } = summarize(r);
  const parts = [
    textTable(SUMMARY_HEADER, summaryCells(rows)),
    '',
    textTable(backupDetail(r).header, backupDetail(r).rows),
    '',
    textTable(syncDetail(r).header, syncDetail(r).rows),
    '',
    textTable(loadDetail(r).header, loadDetail(r).rows),
    '',
    textTable(reportsDetail(r).header, reportsDetail(r).rows),
    '',
    ...(r.restore === undefined ? [] : [textTable(restoreDetail(r).header, restoreDetail(r).rows), '']),
    `${r.meta.before.cores} cores, load average ${r.meta.before.load.join(' ')} at start, ${r.meta.after.load.join(' ')} at end; whole run ${seconds(r.meta.totalMs, 0)}`,
  ];
  return parts.join('\n');
}

/** BENCHMARKS.md: the same tables, how they were made, and the notes on every missed target. */
export async function renderMarkdown(r: BenchResults): Promise<string> {
  const { rows } = summarize(r);
  const m = r.meta;
  const notes = existsSync(NOTES) ? await readFile(NOTES, 'utf8') : '';
  const backup = backupDetail(r);
  const sync = syncDetail(r);
  const load = loadDetail(r);
  const reports = reportsDetail(r);
  const restore = restoreDetail(r);
  return `# Benchmarks

Written by \`${m.command}\` on ${m.date.slice(0, 10)} (started ${m.date}); the whole run took ${seconds(m.totalMs, 0)}.

**Machine:** ${m.before.cores} cores (${m.before.cpuModel}), ${m.before.memoryGb} GB RAM, Node ${m.before.node}, DuckDB ${m.before.duckdb}.
**Load average** (1, 5, 15 min): ${m.before.load.join(', ')} at the start, ${m.after.load.join(', ')} at the end. The machine
was shared with other work during the run; every ratio below compares figures measured in this same run.

**How:** the simulator (src/simulator) serves a seeded \`${m.profiles.main}\` account; traktdb and the naive exporter
run as child processes against it (so the simulator's CPU is not on their event loop and each peak RSS is its own).
Trakt's budget (${m.budget.limit} GETs per ${m.budget.windowMs / 1000} s, docs/trakt-api.md §2) is kept as is, but the simulator and
the client run on a clock ${m.warpFactor}x faster than the wall clock (bench/warp.ts): a window lasts
${(m.budget.windowMs / m.warpFactor / 1000).toFixed(0)} s of wall time, and every constant tied to the budget (the client's 1 s margin
after a window, Retry-After seconds, the lockout) shrinks with it. Concurrency ${m.concurrency} (the CLI default).
Backups start at the opening of a budget window; medians over ${r.backup.runs.length} backup run(s) and ${r.sync[0]?.runs.length ?? 0} runs of each
cheaper measure.

## Results

${markdownTable(SUMMARY_HEADER, summaryCells(rows))}

### 1. Full backup, run by run

${markdownTable(backup.header, backup.rows)}

The bound: with R requests and a budget of B per window W, (ceil(R/B) - 1) x W plus the last window's requests at
the measured median latency, ${m.concurrency} at a time. The minimum: every paged resource at 250 per page
(docs/trakt-api.md §2), each list's items on their own, plus the single calls (last_activities, settings and profile, stats),
counted from the simulator's ground truth and pipelines/catalog.ts (bench/minimum.ts). The naive exporter
(bench/baseline.ts) does what purarue/traktexport's \`_trakt_paginate\` does: one request at a time, pages of 100 until an
empty page, a fixed sleep after each request, here W/B so it never trips the budget; it writes JSON files only.

### 2. Incremental sync, run by run

${markdownTable(sync.header, sync.rows)}

### 3 and 4. Load and memory

${markdownTable(load.header, load.rows)}

### 5. Reports on the ${m.profiles.large} database

${markdownTable(reports.header, reports.rows)}
${r.restore === undefined ? '' : restoreMarkdown(r, restore)}
${missedList(rows)}

${notes}
Every figure of this run, unrounded: [bench/results/last-run.json](bench/results/last-run.json).
`;
}

function restoreMarkdown(r: BenchResults, table: { header: Cells; rows: Cells[] }): string {
  const x = r.restore;
  if (x === undefined) return '';
  const m = r.meta;
  return `
### 6. Restore on the ${x.profile} account

After the syncs the database mirrors the account. A loss of about 5% of every resource (plays, ratings removed and
changed, watchlist, favorites, collection), a whole list and part of another, then \`restore\` (dry run),
\`restore --apply\` and \`restore --apply\` again, each a child process on the warped clock at the default budgets
(${m.budget.limit} GETs per ${m.budget.windowMs / 1000} s, one write per second: ${(1000 / m.warpFactor).toFixed(1)} ms of wall time).
Measured ${x.measuredAt.slice(0, 16).replace('T', ' ')} UTC, load average ${x.load.join(', ')}${x.measuredAt.slice(0, 10) === m.date.slice(0, 10) ? '' : ' (in a run of its own, `bench/restore-only.ts --merge`, after sections 1-5)'}.

${markdownTable(table.header, table.rows)}

Writes: the fewest the plan allows are ceil(items / 100) per resource (the default \`--batch-size\`), plus one request
per list to create. Wall time of \`--apply\`: ${seconds(x.apply.wallMs)}, of which ${seconds(x.apply.waitedMs)} waiting on the budgets; the bound is
the write budget, (writes - 1) x 1 s = ${seconds(x.writeBoundMs)}, plus the GET windows its two reads of the account
(${int(x.apply.serverReads)} requests: the plan's read and the read that checks what is there) need, ${seconds(x.readBoundMs)}. The dry run:
${int(x.dryRun.serverReads)} reads, ${int(sumValues(x.dryRun.serverWrites))} writes, ${seconds(x.dryRun.wallMs)}. \`--apply\` again: ${int(x.again.serverReads)} reads,
${int(sumValues(x.again.serverWrites))} writes.
`;
}

function sumValues(values: Record<string, number>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}
