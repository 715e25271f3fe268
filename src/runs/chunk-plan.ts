import type { Scope } from '../load/store.ts';
import { isoTimestamp } from '../normalize/time.ts';

/**
 * Splits one large history load into chunks on a time column, so each chunk
 * is its own transaction: one transaction over a million plays holds the
 * staged table, a million change_log rows and the key index at once (about
 * 1.2 GB), a chunk of 100,000 a tenth of it.
 *
 * Chunks are numbered newest first; chunk i holds [cuts[i], cuts[i-1]), the
 * first open above and the last below, so their ranges are disjoint and
 * cover everything. Archived pages come newest first, nearly in order (they
 * were saved as they arrived), with the same play on two pages and many
 * plays at one timestamp. So the chunk being filled is cut at the oldest
 * timestamp it holds: a later row at that same timestamp still belongs to
 * it, and a duplicate lands beside its twin. The chunk before it stays open
 * until this one is cut in turn, for rows a few pages out of place.
 */
export class ChunkPlan {
  /** Cut points, newest first: chunk i starts at cuts[i]. */
  private readonly cuts: string[] = [];
  private filled = 0;
  private oldest: string | undefined;

  constructor(private readonly size: number) {}

  /** The chunk being filled; every chunk before `filling - 1` is final. */
  get filling(): number {
    return this.cuts.length;
  }

  /**
   * The chunk a row whose time is `at` goes to: the one whose range holds
   * it, unless that one is final (a row more than a whole chunk out of
   * place), then the oldest chunk still open, which upserts it like any
   * staged row, and nothing in a later chunk's range can delete it.
   */
  place(at: unknown): number {
    const filling = this.cuts.length;
    if (typeof at !== 'string') return filling; // the NOT NULL column refuses it at commit
    let chunk = filling;
    while (chunk > 0 && at >= (this.cuts[chunk - 1] as string)) chunk -= 1;
    if (chunk < filling - 1) return filling - 1;
    if (chunk === filling) {
      this.filled += 1;
      if (this.oldest === undefined || at < this.oldest) this.oldest = at;
    }
    return chunk;
  }

  /**
   * Cuts the chunk being filled once it holds `size` rows. Returns the chunk
   * that became final (the one before it), or undefined when none did.
   */
  cut(): number | undefined {
    if (this.filled < this.size || this.oldest === undefined) return undefined;
    this.cuts.push(this.oldest);
    this.filled = 0;
    this.oldest = undefined;
    return this.cuts.length >= 2 ? this.cuts.length - 2 : undefined;
  }

  /** Chunk i's half-open range: rows with from <= time < before (either end open). */
  range(chunk: number): { from?: string; before?: string } {
    const from = this.cuts[chunk];
    const before = chunk > 0 ? this.cuts[chunk - 1] : undefined;
    return { ...(from === undefined ? {} : { from }), ...(before === undefined ? {} : { before }) };
  }

  /**
   * The scope chunk i commits with: the load's scope cut to the chunk's
   * range, so the chunks' scopes together are the load's. An `upsert`
   * deletes nothing, so it stays as it is.
   */
  scope(load: ChunkableScope, column: string, chunk: number): Scope {
    if (load.kind === 'upsert') return load;
    const { from, before } = this.range(chunk);
    const base: Extract<Scope, { kind: 'range' }> =
      load.kind === 'range'
        ? load
        : load.kind === 'where'
          ? { kind: 'range', column, equals: load.equals }
          : { kind: 'range', column };
    return {
      ...base,
      ...(from === undefined || (base.from !== undefined && base.from >= from) ? {} : { from }),
      ...(before === undefined || (base.to !== undefined && base.to < before)
        ? {}
        : { to: justBefore(before) }),
    };
  }
}

export type ChunkableScope = Exclude<Scope, { kind: 'snapshot' }>;

/**
 * Whether a load's scope can be cut on `column`: `all`, `where` and
 * `upsert`, or a `range` on that column whose ends are canonical ISO
 * timestamps (what rows carry), so comparing text compares time.
 */
export function chunkableScope(scope: Scope, column: string): scope is ChunkableScope {
  if (scope.kind === 'snapshot') return false;
  if (scope.kind !== 'range') return true;
  const canonical = (value: string | undefined) => value === undefined || isoTimestamp(value) === value;
  return scope.column === column && canonical(scope.from) && canonical(scope.to);
}

/**
 * The last microsecond before `iso`, DuckDB's TIMESTAMPTZ precision: a
 * `range` scope's `to` is inclusive, so this turns [from, before) into one.
 */
export function justBefore(iso: string): string {
  return `${new Date(Date.parse(iso) - 1).toISOString().slice(0, -1)}999Z`;
}
