import type { BenchResults } from './results.ts';
import { int, mb, median, ratio, seconds, times } from './stats.ts';

/** One line of the results table: a measure, what it is compared with, and the target it is held to. */
export interface Row {
  section: string;
  measure: string;
  value: string;
  reference: string;
  ratio: string;
  target: string;
  /** undefined when the row has no target. */
  met?: boolean;
}

export interface Summary {
  rows: Row[];
  /** Numbers the notes refer to. */
  figures: Record<string, number>;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The results as table rows with their targets (issue 7). */
export function summarize(r: BenchResults): Summary {
  const rows: Row[] = [];
  const figures: Record<string, number> = {};
  const { backup, load } = r;
  const main = r.meta.profiles.main;
  const large = r.meta.profiles.large;

  // 1. Full backup.
  const s1 = `1. backup (${main})`;
  const requests = median(backup.runs.map((x) => x.requests));
  const wall = median(backup.runs.map((x) => x.wallMs));
  const bound = median(backup.runs.map((x) => x.boundMs));
  Object.assign(figures, { requests, minimum: backup.minimum, wall, bound });
  rows.push({
    section: s1,
    measure: 'requests',
    value: int(requests),
    reference: `minimum ${int(backup.minimum)}`,
    ratio: times(ratio(requests, backup.minimum), 3),
    target: '<= 1.02x minimum',
    met: requests <= backup.minimum * 1.02,
  });
  rows.push({
    section: s1,
    measure: 'wall time',
    value: seconds(wall),
    reference: `bound ${seconds(bound)}`,
    ratio: times(ratio(wall, bound)),
    target: '<= 1.15x bound',
    met: wall <= bound * 1.15,
  });
  const budget429 = sum(backup.runs.map((x) => x.server.budget429));
  const lockout429 = sum(backup.runs.map((x) => x.server.lockout429));
  const fault429 = sum(backup.runs.map((x) => x.server.fault429));
  rows.push({
    section: s1,
    measure: '429s (all runs)',
    value: `budget ${budget429}, lockout ${lockout429}, other ${fault429}`,
    reference: '',
    ratio: '',
    target: '0 budget, 0 lockout',
    met: budget429 === 0 && lockout429 === 0,
  });
  const naive = backup.baseline;
  figures['naiveRequests'] = naive.requests;
  figures['naiveWall'] = naive.wallMs;
  rows.push({
    section: s1,
    measure: 'vs naive exporter: requests',
    value: int(requests),
    reference: `naive ${int(naive.requests)}`,
    ratio: `${times(ratio(naive.requests, requests))} fewer`,
    target: '>= 2.5x fewer',
    met: naive.requests >= 2.5 * requests,
  });
  rows.push({
    section: s1,
    measure: 'vs naive exporter: wall time',
    value: seconds(wall),
    reference: `naive ${seconds(naive.wallMs)}`,
    ratio: `${times(ratio(naive.wallMs, wall))} less`,
    target: '>= 2.5x less',
    met: naive.wallMs >= 2.5 * wall,
  });
  rows.push({
    section: s1,
    measure: 'best possible request ratio',
    value: `minimum ${int(backup.minimum)}`,
    reference: `naive ${int(backup.naivePredicted)} (${int(backup.naiveKnownCount)} without empty pages)`,
    ratio: `${times(ratio(backup.naivePredicted, backup.minimum))} (${times(ratio(backup.naiveKnownCount, backup.minimum))})`,
    target: '',
  });

  // 2. Incremental sync.
  const s2 = `2. sync (${main})`;
  for (const scenario of r.sync) {
    const req = median(scenario.runs.map((x) => x.requests));
    const w = median(scenario.runs.map((x) => x.wallMs));
    const exact = scenario.runs.every((x) => x.exact);
    figures[`sync ${scenario.name} requests`] = req;
    figures[`sync ${scenario.name} wall`] = w;
    const nothing = scenario.name === 'nothing changed';
    rows.push({
      section: s2,
      measure: scenario.name,
      value: `${int(req)} ${req === 1 ? 'request' : 'requests'}, ${seconds(w)}`,
      reference: `${int(median(scenario.runs.map((x) => x.rowsChanged)))} rows changed${exact ? ', mirror = truth' : ', MIRROR DIFFERS'}`,
      ratio: '',
      target: nothing ? '<= 2 requests (issue 4)' : 'mirror = truth',
      met: (nothing ? req <= 2 : true) && exact,
    });
  }

  // 3. Load.
  const s3 = `3. load (${large})`;
  const rb = load.rebuild;
  const rj = median(load.readJson.map((x) => x.wallMs));
  const rjRows = load.readJson[0]?.rows ?? 0;
  Object.assign(figures, { playsLoad: rb.playsMs, readJson: rj, rebuildWall: rb.wallMs });
  rows.push({
    section: s3,
    measure: `rebuild: plays load (${int(rb.playsRows)} rows)`,
    value: `${seconds(rb.playsMs)}, ${int(rb.playsRows / (rb.playsMs / 1000))} rows/s`,
    reference: `read_json ${seconds(rj)}, ${int(rjRows / (rj / 1000))} rows/s`,
    ratio: times(ratio(rb.playsMs, rj)),
    target: '<= 2x read_json',
    met: rb.playsMs <= 2 * rj,
  });
  rows.push({
    section: s3,
    measure: `rebuild: whole archive (${int(rb.rows)} rows, models)`,
    value: seconds(rb.wallMs),
    reference: `read_json ${seconds(rj)} (plays only)`,
    ratio: times(ratio(rb.wallMs, rj)),
    target: '',
  });

  // 4. Memory.
  const s4 = '4. peak RSS';
  const b0 = backup.runs[0];
  rows.push({
    section: s4,
    measure: `backup (${main})`,
    value: mb(median(backup.runs.map((x) => x.peakRssKb))),
    reference: b0 === undefined ? '' : `process at start ${mb(b0.baseRssKb)}`,
    ratio: '',
    target: '',
  });
  const growth = ratio(rb.peakRssKb, r.mainRebuild.peakRssKb);
  figures['rssGrowth'] = growth;
  rows.push({
    section: s4,
    measure: `rebuild ${large} vs ${main}`,
    value: mb(rb.peakRssKb),
    reference: mb(r.mainRebuild.peakRssKb),
    ratio: times(growth),
    target: '< 1.5x',
    met: growth < 1.5,
  });

  // 5. Reports.
  const s5 = `5. reports (${large})`;
  const total = sum(Object.values(load.reports.byReport));
  figures['reportsTotal'] = total;
  rows.push({
    section: s5,
    measure: `all ${Object.keys(load.reports.byReport).length} reports`,
    value: `${seconds(total, 2)} (slowest ${slowest(load.reports.byReport)})`,
    reference: '',
    ratio: '',
    target: '< 3 s',
    met: total < 3000,
  });
  if (r.restore !== undefined) restoreRows(r, rows, figures);
  return { rows, figures };
}

function slowest(byReport: Record<string, number>): string {
  const [name, ms] = Object.entries(byReport).sort((a, b) => b[1] - a[1])[0] ?? ['?', Number.NaN];
  return `${name} ${seconds(ms, 2)}`;
}

/** Section 6 (issue 16): restore's writes against the fewest its plan allows, its wall time against the budgets. */
function restoreRows(r: BenchResults, rows: Row[], figures: Record<string, number>): void {
  const x = r.restore;
  if (x === undefined) return;
  const section = `6. restore (${x.profile})`;
  const minimum = sum(Object.values(x.apply.plannedRequests));
  const items = sum(Object.values(x.planned));
  const bound = x.readBoundMs + x.writeBoundMs;
  Object.assign(figures, {
    restoreWrites: x.apply.writes,
    restoreMinimum: minimum,
    restoreWall: x.apply.wallMs,
  });
  rows.push({
    section,
    measure: `writes for ${int(items)} items`,
    value: int(x.apply.writes),
    reference: `minimum ${int(minimum)}`,
    ratio: times(ratio(x.apply.writes, minimum), 3),
    target: '= minimum',
    met: x.apply.writes === minimum,
  });
  rows.push({
    section,
    measure: 'wall time (--apply)',
    value: seconds(x.apply.wallMs),
    reference: `bound ${seconds(bound)} (writes ${seconds(x.writeBoundMs)}, reads ${seconds(x.readBoundMs)})`,
    ratio: times(ratio(x.apply.wallMs, bound)),
    target: '',
  });
  rows.push({
    section,
    measure: 'account after --apply; --apply again',
    value: `${x.exact ? 'exact' : 'NOT exact'}; ${int(x.again.writes)} writes`,
    reference: '',
    ratio: '',
    target: 'exact; 0 writes',
    met: x.exact && x.again.writes === 0,
  });
}
