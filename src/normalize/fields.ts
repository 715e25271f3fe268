import type { IdLookups, NormalizeContext } from './context.ts';
import { ShapeError } from './shape-error.ts';
import { isoDate, isoTimestamp } from './time.ts';

/**
 * Runtime-checked reads from one untrusted JSON object. Every failure is a
 * ShapeError naming the item (`history item 3 of GET /sync/history`) and the
 * dotted field path, so a changed Trakt response is reported, never guessed.
 *
 * Absent and `null` are the same thing (Trakt sends either). Keys Trakt adds
 * are never looked at. Strings are made well-formed (a lone UTF-16 surrogate
 * becomes U+FFFD) because DuckDB stores UTF-8 and its JSON reader refuses them.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Who is reading: the item's label and context, for error messages. */
export interface Subject {
  label: string;
  source: string;
  /** Absent for single-object responses (settings, stats). */
  index?: number;
  /** Ids the run learned for what items leave out (see IdLookups). */
  lookups?: IdLookups;
}

export function subjectOf(
  label: string,
  ctx: Pick<NormalizeContext, 'source' | 'index' | 'lookups'>,
): Subject {
  return ctx.lookups === undefined
    ? { label, source: ctx.source, index: ctx.index }
    : { label, source: ctx.source, index: ctx.index, lookups: ctx.lookups };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fail(subject: Subject, field: string | undefined, problem: string): never {
  const where =
    subject.index === undefined
      ? `${subject.label} of ${subject.source}`
      : `${subject.label} ${subject.index} of ${subject.source}`;
  throw new ShapeError(`${where}: ${problem}`, field === undefined ? {} : { field });
}

export class Fields {
  private constructor(
    private readonly record: Record<string, unknown>,
    readonly subject: Subject,
    /** Dotted path of this object inside the item; '' at the top. */
    readonly path: string,
  ) {}

  /** The item itself, which must be a JSON object. */
  static of(value: unknown, subject: Subject): Fields {
    if (!isRecord(value)) fail(subject, undefined, `expected an object, got ${describe(value)}`);
    return new Fields(value, subject, '');
  }

  name(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  has(key: string): boolean {
    const value = this.raw(key);
    return value !== undefined && value !== null;
  }

  raw(key: string): unknown {
    return Object.hasOwn(this.record, key) ? this.record[key] : undefined;
  }

  fail(key: string | undefined, problem: string): never {
    return fail(this.subject, key === undefined ? undefined : this.name(key), problem);
  }

  missing(key: string): never {
    return this.fail(key, `missing ${this.name(key)}`);
  }

  object(key: string): Fields {
    return this.optObject(key) ?? this.missing(key);
  }

  optObject(key: string): Fields | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (!isRecord(value)) return this.wrongType(key, 'an object', value);
    return new Fields(value, this.subject, this.name(key));
  }

  optArray(key: string): unknown[] | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) return this.wrongType(key, 'an array', value);
    return value;
  }

  /** An element of an array field, as Fields, named `key[i]`. */
  element(key: string, index: number, value: unknown): Fields {
    const name = `${this.name(key)}[${index}]`;
    if (!isRecord(value))
      return fail(this.subject, name, `${name} is not an object (got ${describe(value)})`);
    return new Fields(value, this.subject, name);
  }

  id(key: string): number {
    return this.optId(key) ?? this.missing(key);
  }

  /** A Trakt id: JSON numbers only, and only safe integers (docs/trakt-api.md §3: ids are integers, some int64). */
  optId(key: string): number | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      return this.fail(key, `${this.name(key)} is not a safe integer id (got ${describe(value)})`);
    }
    return value;
  }

  string(key: string): string {
    return this.optString(key) ?? this.missing(key);
  }

  optString(key: string): string | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') return this.wrongType(key, 'a string', value);
    return wellFormed(value);
  }

  /** A string, or a number Trakt sometimes sends in its place (e.g. audio_channels 5.1). */
  optText(key: string): string | null {
    const value = this.raw(key);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.optString(key);
  }

  /** An empty string is Trakt's way of saying "none" for some ids (imdb: ""). */
  optNonEmptyString(key: string): string | null {
    const value = this.optString(key);
    return value === '' ? null : value;
  }

  int(key: string): number {
    return this.optInt(key) ?? this.missing(key);
  }

  /** An INTEGER column: a whole number that fits 32 bits. */
  optInt(key: string): number | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      return this.fail(key, `${this.name(key)} is not a 32-bit integer (got ${describe(value)})`);
    }
    return value;
  }

  /** A BIGINT count: a safe integer. */
  optCount(key: string): number | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      return this.fail(key, `${this.name(key)} is not a safe integer (got ${describe(value)})`);
    }
    return value;
  }

  optNumber(key: string): number | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.wrongType(key, 'a number', value);
    return value;
  }

  optBool(key: string): boolean | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') return this.wrongType(key, 'true or false', value);
    return value;
  }

  timestamp(key: string): string {
    return this.optTimestamp(key) ?? this.missing(key);
  }

  optTimestamp(key: string): string | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    const iso = typeof value === 'string' ? isoTimestamp(value) : null;
    if (iso === null) return this.fail(key, `${this.name(key)} is not a timestamp (got ${describe(value)})`);
    return iso;
  }

  optDate(key: string): string | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    const iso = typeof value === 'string' ? isoDate(value) : null;
    if (iso === null) return this.fail(key, `${this.name(key)} is not a date (got ${describe(value)})`);
    return iso;
  }

  optStringArray(key: string): string[] | null {
    const value = this.optArray(key);
    if (value === null) return null;
    return value.map((element, i) => {
      if (typeof element !== 'string') {
        return fail(
          this.subject,
          this.name(key),
          `${this.name(key)}[${i}] is not a string (got ${describe(element)})`,
        );
      }
      return wellFormed(element);
    });
  }

  private wrongType(key: string, expected: string, value: unknown): never {
    return this.fail(key, `${this.name(key)} is not ${expected} (got ${describe(value)})`);
  }
}

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function wellFormed(text: string): string {
  return SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\ufffd') : text;
}

/** A short, safe rendering of an offending value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
