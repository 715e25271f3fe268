import { CronExpressionParser } from 'cron-parser';
import { UsageError } from '../errors.ts';

/** When the next run is due, given when the previous one started. */
export type Schedule = (after: Date) => Date;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--every` takes a duration (`30m`, `6h`, `1d`) or a five-field cron
 * expression (`0 *\/6 * * *`, in UTC).
 */
export function parseSchedule(raw: string): Schedule {
  const duration = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(raw);
  if (duration) {
    const ms = Number(duration[1]) * (UNITS[(duration[2] ?? 'h').toLowerCase()] ?? 0);
    if (!(ms >= 60_000))
      throw new UsageError(`--every must be at least 1m (Trakt's rate budget is shared), not "${raw}".`);
    return (after) => new Date(after.getTime() + ms);
  }
  if (raw.trim().split(/\s+/).length === 5) {
    try {
      CronExpressionParser.parse(raw, { tz: 'UTC' });
    } catch (error) {
      throw new UsageError(`--every "${raw}" is not a valid cron expression: ${(error as Error).message}.`);
    }
    return (after) => CronExpressionParser.parse(raw, { currentDate: after, tz: 'UTC' }).next().toDate();
  }
  throw new UsageError(
    `--every must be a duration like 6h or 30m, or a cron expression like "0 */6 * * *", not "${raw}".`,
  );
}
