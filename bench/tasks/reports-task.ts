import { openForReading, REPORTS, runReport } from '../../src/reports/index.ts';
import { median } from '../stats.ts';

export interface ReportsTask {
  db: string;
  repeats: number;
  /** year-in-review needs one. */
  year: number;
}

/** Every report with its default options, `repeats` times each; the median per report. */
export async function reportsTask(
  task: ReportsTask,
): Promise<{ byReport: Record<string, number>; rows: Record<string, number> }> {
  const duck = await openForReading(task.db, { ensureModels: true });
  const byReport: Record<string, number> = {};
  const rows: Record<string, number> = {};
  try {
    for (const report of REPORTS) {
      const options = report.required.includes('year') ? { year: String(task.year) } : {};
      const times: number[] = [];
      for (let i = 0; i < task.repeats; i += 1) {
        const started = performance.now();
        const result = await runReport(duck, report.name, options);
        times.push(performance.now() - started);
        rows[report.name] = result.rows.length;
      }
      byReport[report.name] = median(times);
    }
  } finally {
    duck.close();
  }
  return { byReport, rows };
}
