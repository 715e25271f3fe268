import { UsageError } from '../errors.ts';

/**
 * Report options as the user types them, validated into the values bound to
 * the report's `$parameters`. Every value is checked here against a strict
 * shape before it reaches DuckDB, and then bound, never spliced into SQL.
 */
export type OptionValue = string | number | null;

export interface OptionSpec {
  /** The flag, without dashes. */
  flag: string;
  /** The `$parameter` the value is bound to. */
  param: string;
  describe: string;
  fallback: OptionValue;
  parse: (raw: string) => OptionValue;
}

export const BY_VALUES = ['year', 'month', 'week', 'day'] as const;

function parseYear(raw: string): number {
  if (!/^\d{4}$/.test(raw))
    throw new UsageError(`--year must be a 4-digit year such as 2024, not ${show(raw)}.`);
  return Number(raw);
}

function positiveInt(flag: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) {
      throw new UsageError(`--${flag} must be a whole number of 1 or more, not ${show(raw)}.`);
    }
    return n;
  };
}

function number(flag: string, min: 'positive' | 'zero') {
  return (raw: string): number => {
    const n = Number(raw);
    const ok = /^\d+(\.\d+)?$/.test(raw) && Number.isFinite(n) && (min === 'zero' ? n >= 0 : n > 0);
    if (!ok) {
      const what = min === 'zero' ? 'a number of 0 or more' : 'a number greater than 0';
      throw new UsageError(`--${flag} must be ${what}, not ${show(raw)}.`);
    }
    return n;
  };
}

function parseBy(raw: string): string {
  if (!(BY_VALUES as readonly string[]).includes(raw)) {
    throw new UsageError(`--by must be one of ${BY_VALUES.join(', ')}, not ${show(raw)}.`);
  }
  return raw;
}

function parseDepartment(raw: string): string {
  // Trakt's crew keys are lower-case words (docs/trakt-api.md §8); matched exactly, never spliced.
  if (raw.length === 0 || raw.length > 64) {
    throw new UsageError(`--department must be a department such as acting or directing, not ${show(raw)}.`);
  }
  return raw;
}

function parseZoneShape(raw: string): string {
  // The zone is checked against DuckDB's own list later (resolveTimezone);
  // this only keeps obviously foreign text out of the error messages.
  if (raw.length === 0 || raw.length > 64) {
    throw new UsageError(`--tz must be an IANA time zone such as America/New_York, not ${show(raw)}.`);
  }
  return raw;
}

export const OPTION_SPECS = {
  tz: {
    flag: 'tz',
    param: 'tz',
    describe: 'local time zone (IANA, e.g. Europe/Berlin); default: the account time zone, else UTC',
    fallback: null,
    parse: parseZoneShape,
  },
  year: {
    flag: 'year',
    param: 'year',
    describe: 'only plays in this local year (4 digits)',
    fallback: null,
    parse: parseYear,
  },
  by: {
    flag: 'by',
    param: 'by',
    describe: 'period: year, month, week (ISO) or day',
    fallback: 'month',
    parse: parseBy,
  },
  limit: {
    flag: 'limit',
    param: 'limit',
    describe: 'rows at most',
    fallback: 20,
    parse: positiveInt('limit'),
  },
  'gap-hours': {
    flag: 'gap-hours',
    param: 'gap_hours',
    describe: 'longest gap between two plays of a binge, in hours',
    fallback: 3,
    parse: number('gap-hours', 'positive'),
  },
  'min-episodes': {
    flag: 'min-episodes',
    param: 'min_episodes',
    describe: 'fewest plays that make a binge',
    fallback: 3,
    parse: positiveInt('min-episodes'),
  },
  'window-minutes': {
    flag: 'window-minutes',
    param: 'window_minutes',
    describe: 'a play this many minutes or less after the previous play of the item is a duplicate',
    fallback: 10,
    parse: number('window-minutes', 'zero'),
  },
  department: {
    flag: 'department',
    param: 'department',
    describe: 'credits department, matched exactly: acting, directing, writing, production, created by, ...',
    fallback: 'acting',
    parse: parseDepartment,
  },
} satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTION_SPECS;
export const OPTION_NAMES = Object.keys(OPTION_SPECS) as OptionName[];

/** Raw option values, keyed by flag name (kebab-case), as the CLI or a caller passes them. */
export type RawOptions = Partial<Record<string, unknown>>;

/**
 * Validates the options a report was given: only options the report takes,
 * each given once, each well formed. Returns the bound parameter values,
 * with defaults for options not given.
 */
export function parseOptions(
  report: string,
  accepted: readonly OptionName[],
  required: readonly OptionName[],
  raw: RawOptions,
): Record<string, OptionValue> {
  for (const [flag, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(accepted as readonly string[]).includes(flag)) {
      const takes = accepted.filter((a) => a !== 'tz').map((a) => `--${a}`);
      const list = takes.length > 0 ? `it takes ${takes.join(', ')}` : 'it takes no options but --tz';
      throw new UsageError(`The report ${report} has no option --${flag}; ${list}.`);
    }
  }
  const values: Record<string, OptionValue> = {};
  for (const name of accepted) {
    const spec: OptionSpec = OPTION_SPECS[name];
    const given = raw[name];
    if (given === undefined || given === null) {
      if (required.includes(name)) throw new UsageError(`The report ${report} needs --${name}.`);
      values[spec.param] = spec.fallback;
      continue;
    }
    if (Array.isArray(given)) throw new UsageError(`Give --${name} once, not ${given.length} times.`);
    if (typeof given !== 'string' && typeof given !== 'number') {
      throw new UsageError(`--${name} needs a value.`);
    }
    values[spec.param] = spec.parse(String(given).trim());
  }
  return values;
}

/** A user's value quoted for an error message, control characters escaped. */
export function show(raw: string): string {
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);
}
