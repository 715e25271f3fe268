import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseError } from '../errors.ts';
import { MEDIA_TABLES, PRIMARY_KEYS, type TableName } from '../normalize/rows.ts';
import { commitStage } from './commit.ts';
import type {
  CommitSpec,
  LoadTarget,
  MergeResult,
  MirrorTable,
  PartValue,
  Scope,
  Stage,
  SyncState,
} from './contract.ts';
import type { Duck } from './duck.ts';
import { scopeWhere } from './merge.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import {
  closeAbandonedRuns,
  finishRun,
  lastRuns,
  type RejectedSummary,
  type RunChanges,
  type RunMode,
  type RunOutcome,
  rejectedItems,
  type SyncRunRow,
  startRun,
} from './runs.ts';
import { jsonExpr, readTables, type TableInfo } from './schema.ts';
import { Serial } from './serial.ts';
import { type Committer, commitTogether, FileStage, stagingError } from './stage.ts';
import { deleteStates, readStates } from './sync-state.ts';
import { sqlIdent } from './values.ts';

/** Every table of the contract, media first. */
export const CONTRACT_TABLES: readonly TableName[] = [
  ...MEDIA_TABLES,
  ...Object.keys(PRIMARY_KEYS).filter((name): name is MirrorTable => isMirrorTable(name)),
];

export function isMirrorTable(name: string): name is MirrorTable {
  return Object.hasOwn(PRIMARY_KEYS, name) && !MEDIA_TABLES.some((m) => m === name);
}

/**
 * The database: the one place traktdb writes DuckDB. Opens (and migrates)
 * the file, hands out stages for resource loads, commits each in one
 * transaction, and keeps the run ledger and sync state.
 *
 * Loads may run concurrently from async tasks: staging never touches the
 * connection, and every statement goes through one Serial, so a commit's
 * transaction never interleaves with other work. `duck` is exposed for the
 * model runner and `query`; use it when no load is committing.
 */
export class Store implements LoadTarget {
  private readonly serial = new Serial();
  private stages = 0;
  private commits = 0;

  private constructor(
    readonly duck: Duck,
    private readonly tables: ReadonlyMap<TableName, TableInfo>,
    private readonly stagingDir: string,
  ) {}

  /** `memoryLimit`: DuckDB's budget, from the config (unset: 256MB for a writer, DuckDB's default for a reader). */
  static async open(
    path: string,
    options: { readOnly?: boolean; memoryLimit?: string | undefined } = {},
  ): Promise<Store> {
    const readOnly = options.readOnly ?? false;
    const duck = await openDatabase(path, readOnly, options.memoryLimit);
    try {
      await migrate(duck);
      const tables = await readTables(duck, CONTRACT_TABLES);
      // Staging files live next to the database (same disk, and /tmp may be RAM-backed).
      const stagingDir =
        path === ':memory:'
          ? join(tmpdir(), `traktdb-staging-${process.pid}-${randomUUID()}`)
          : `${path}.staging`;
      if (!readOnly) {
        // Holding the write lock, so leftovers are from a process that died.
        await rm(stagingDir, { recursive: true, force: true });
        await closeAbandonedRuns(duck);
      }
      return new Store(duck, tables, stagingDir);
    } catch (error) {
      duck.close();
      throw error;
    }
  }

  get path(): string {
    return this.duck.path;
  }

  get readOnly(): boolean {
    return this.duck.readOnly;
  }

  async close(): Promise<void> {
    await this.serial.run(async () => {
      this.duck.close();
      if (!this.readOnly) await rm(this.stagingDir, { recursive: true, force: true });
    });
  }

  /**
   * Records that a run which fetched nothing (rebuild, import) failed, with
   * the error's message. Never throws: the caller is already failing with
   * `error`, and that is the failure to report.
   */
  async failOfflineRun(runId: number, finishedAt: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.finishRun(runId, {
      status: 'failed',
      finishedAt,
      requests: 0,
      rateLimited: 0,
      waitedMs: 0,
      error: message,
    }).catch(() => undefined);
  }

  startRun(mode: RunMode, startedAt: string): Promise<number> {
    this.assertWritable('start a run');
    return this.serial.run(() => startRun(this.duck, mode, startedAt));
  }

  finishRun(runId: number, outcome: RunOutcome): Promise<RunChanges> {
    this.assertWritable('finish a run');
    return this.serial.run(() => finishRun(this.duck, runId, outcome));
  }

  /** A staging area for one load into `table`. */
  async stage(table: MirrorTable): Promise<Stage> {
    this.assertWritable(`load ${table}`);
    if (!isMirrorTable(table)) throw new DatabaseError(`${table} is not a table a resource loads into`);
    await mkdir(this.stagingDir, { recursive: true }).catch((error: unknown) => {
      throw stagingError(this.stagingDir, error);
    });
    this.stages += 1;
    return new FileStage(table, this.stagingDir, this.stages, this.committer);
  }

  /** Several stages of one table committed as one load (see commitTogether in stage.ts). */
  commitTogether(stages: readonly Stage[], spec: CommitSpec): Promise<MergeResult> {
    return commitTogether(stages, spec);
  }

  /** The one committer of this store's stages: commits never interleave with other statements. */
  private readonly committer: Committer = (into, files, spec) => {
    this.commits += 1;
    const id = this.commits;
    return this.serial.run(() => commitStage(this.duck, this.tables, into, files, spec, `_stage${id}`));
  };

  syncState(): Promise<Map<string, SyncState>> {
    return this.serial.run(() => readStates(this.duck));
  }

  /** Deletes the sync state of every resource whose name starts with `prefix` (e.g. `list_items:123`). */
  deleteSyncState(prefix: string): Promise<number> {
    this.assertWritable('change sync state');
    return this.serial.run(() => deleteStates(this.duck, prefix));
  }

  /** Rows in every table of the contract. */
  tableCounts(): Promise<Record<string, number>> {
    return this.serial.run(async () => {
      const sql = CONTRACT_TABLES.map(
        (t) => `SELECT '${t}' AS name, count(*)::DOUBLE AS n FROM main.${sqlIdent(t)}`,
      ).join(' UNION ALL ');
      const counts: Record<string, number> = {};
      for (const row of await this.duck.all(sql)) counts[String(row['name'])] = Number(row['n']);
      return Object.fromEntries(CONTRACT_TABLES.map((t) => [t, counts[t] ?? 0]));
    });
  }

  /** Rows of `table` whose columns equal `equals` (all rows for `{}`). */
  countRows(table: string, equals: Record<string, PartValue>): Promise<number> {
    return this.count(table, { kind: 'where', equals });
  }

  /** Rows of `table` per distinct value of `columns` (ratings per type and value), values as JSON gives them. */
  countBy(table: string, columns: readonly string[]): Promise<{ values: unknown[]; count: number }[]> {
    return this.serial.run(async () => {
      const info = this.table(table);
      const names = columns.map((name) => {
        const found = info.columns.find((c) => c.name === name);
        if (found === undefined) throw new DatabaseError(`table ${table} has no column ${name}`);
        return sqlIdent(found.name);
      });
      const rows = await this.duck.all<Record<string, unknown>>(
        `SELECT ${names.map((n, i) => `${n} AS c${i}`).join(', ')}, count(*)::DOUBLE AS n
         FROM main.${sqlIdent(info.name)} GROUP BY ALL`,
      );
      return rows.map((row) => ({
        values: columns.map((_, i) => {
          const value = row[`c${i}`];
          return typeof value === 'bigint' ? Number(value) : value;
        }),
        count: Number(row['n']),
      }));
    });
  }

  /**
   * Rows of `table` whose `column` lies in [from, to] (inclusive, either end
   * open), the same window a `range` scope replaces. History sync compares
   * these with Trakt's X-Pagination-Item-Count per window.
   */
  countRange(table: string, column: string, from?: string, to?: string): Promise<number> {
    return this.count(table, {
      kind: 'range',
      column,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  }

  private count(table: string, scope: Scope): Promise<number> {
    return this.serial.run(async () => {
      const info = this.table(table);
      const where = scopeWhere(info, scope, 't') ?? 'TRUE';
      const row = await this.duck.one(
        `SELECT count(*)::DOUBLE AS n FROM main.${sqlIdent(info.name)} t WHERE ${where}`,
      );
      return Number(row?.['n'] ?? 0);
    });
  }

  /** The largest value of `column` in `table` (ISO text for timestamps), or undefined when it has none. */
  newest(table: string, column: string): Promise<string | undefined> {
    return this.serial.run(async () => {
      const info = this.table(table);
      const found = info.columns.find((c) => c.name === column);
      if (found === undefined) throw new DatabaseError(`table ${table} has no column ${column}`);
      const row = await this.duck.one(
        `SELECT ${jsonExpr(found, `max(t.${sqlIdent(found.name)})`)} AS v FROM main.${sqlIdent(info.name)} t`,
      );
      const value = row?.['v'];
      return value === null || value === undefined ? undefined : String(value);
    });
  }

  /** The median of `column` over rows with it in [from, to] (a balanced split point), or undefined when none. */
  median(table: string, column: string, from?: string, to?: string): Promise<string | undefined> {
    return this.serial.run(async () => {
      const info = this.table(table);
      const found = info.columns.find((c) => c.name === column);
      if (found === undefined) throw new DatabaseError(`table ${table} has no column ${column}`);
      const scope: Scope = {
        kind: 'range',
        column,
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      };
      const where = scopeWhere(info, scope, 't') ?? 'TRUE';
      const row = await this.duck.one(
        `SELECT ${jsonExpr(found, `quantile_disc(t.${sqlIdent(found.name)}, 0.5)`)} AS v FROM main.${sqlIdent(info.name)} t WHERE ${where}`,
      );
      const value = row?.['v'];
      return value === null || value === undefined ? undefined : String(value);
    });
  }

  /**
   * The value of `column` of the `n`-th row (1-based, ascending) with it at
   * or after `from`, or undefined when fewer rows follow: where the scrub's
   * next history window ends (src/extract/scrub-run.ts).
   */
  nthAfter(table: string, column: string, from: string, n: number): Promise<string | undefined> {
    return this.serial.run(async () => {
      const info = this.table(table);
      const found = info.columns.find((c) => c.name === column);
      if (found === undefined) throw new DatabaseError(`table ${table} has no column ${column}`);
      const where = scopeWhere(info, { kind: 'range', column, from }, 't') ?? 'TRUE';
      const name = `t.${sqlIdent(found.name)}`;
      const row = await this.duck.one(
        `SELECT ${jsonExpr(found, name)} AS v FROM main.${sqlIdent(info.name)} t WHERE ${where}
         ORDER BY ${name} LIMIT 1 OFFSET ${Math.max(0, Math.floor(n) - 1)}`,
      );
      const value = row?.['v'];
      return value === null || value === undefined ? undefined : String(value);
    });
  }

  /**
   * Movies and shows whose plays in the mirror (up to `to`) differ from the
   * `watched` table's play count: the items whose history changed in a way
   * window counts can miss (a backdated play and a removed one side by side).
   */
  playCountMismatches(to: string): Promise<{ mediaType: 'movie' | 'show'; traktId: number }[]> {
    return this.serial.run(async () => {
      const rows = await this.duck.all<{ media_type: string; trakt_id: bigint | number }>(
        `WITH local AS (
           SELECT 'movie' AS media_type, movie_trakt_id AS trakt_id, count(*) AS n
           FROM plays WHERE media_type = 'movie' AND watched_at <= CAST($1 AS TIMESTAMPTZ) GROUP BY ALL
           UNION ALL
           SELECT 'show', show_trakt_id, count(*)
           FROM plays WHERE media_type = 'episode' AND watched_at <= CAST($1 AS TIMESTAMPTZ) GROUP BY ALL
         )
         SELECT coalesce(w.media_type, l.media_type) AS media_type, coalesce(w.trakt_id, l.trakt_id) AS trakt_id
         FROM watched w FULL OUTER JOIN local l ON w.media_type = l.media_type AND w.trakt_id = l.trakt_id
         WHERE coalesce(w.plays, 0) <> coalesce(l.n, 0) AND coalesce(w.trakt_id, l.trakt_id) IS NOT NULL
         ORDER BY 1, 2`,
        [to],
      );
      return rows.map((row) => ({
        mediaType: row.media_type as 'movie' | 'show',
        traktId: Number(row.trakt_id),
      }));
    });
  }

  /** Movies and shows with at least one play: the titles a per-title resource (credits) is fetched for. */
  playedTitles(): Promise<{ mediaType: 'movie' | 'show'; traktId: number }[]> {
    return this.serial.run(async () => {
      const rows = await this.duck.all<{ media_type: string; trakt_id: bigint | number }>(
        `SELECT DISTINCT 'movie' AS media_type, movie_trakt_id AS trakt_id FROM plays
         WHERE media_type = 'movie' AND movie_trakt_id IS NOT NULL
         UNION
         SELECT DISTINCT 'show', show_trakt_id FROM plays
         WHERE media_type = 'episode' AND show_trakt_id IS NOT NULL
         ORDER BY 1, 2`,
      );
      return rows.map((row) => ({
        mediaType: row.media_type as 'movie' | 'show',
        traktId: Number(row.trakt_id),
      }));
    });
  }

  /** The newest `n` runs, newest first. */
  lastRuns(n: number): Promise<SyncRunRow[]> {
    return this.serial.run(() => lastRuns(this.duck, n));
  }

  /** The rejected items `runId` recorded (docs/tolerance.md: `status` shows the last run's). */
  rejectedItems(runId: number): Promise<RejectedSummary[]> {
    return this.serial.run(() => rejectedItems(this.duck, runId));
  }

  private table(name: string): TableInfo {
    const known = CONTRACT_TABLES.find((t) => t === name);
    const info = known === undefined ? undefined : this.tables.get(known);
    if (info === undefined) throw new DatabaseError(`${name} is not a table of the traktdb schema`);
    return info;
  }

  private assertWritable(what: string): void {
    if (this.readOnly) throw new DatabaseError(`cannot ${what}: ${this.path} was opened read-only`);
  }
}

export type {
  CommitSpec,
  Counts,
  MergeResult,
  MirrorTable,
  Scope,
  Stage,
  StateUpdate,
  SyncState,
} from './contract.ts';
export type { RejectedSummary, RunChanges, RunMode, RunOutcome, RunStatus, SyncRunRow } from './runs.ts';
