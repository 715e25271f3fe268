import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

/**
 * The lowest layer over @duckdb/node-api: one instance and one connection for
 * a database file. Everything that talks to DuckDB (the store, the model
 * runner, `query`, exports) goes through a Duck, so the driver is named in
 * one place. Values come back as plain JS (numbers, strings, Dates, arrays).
 */
export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
export type SqlRow = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** DuckDB's memory_limit, already validated (config: TRAKTDB_MEMORY_LIMIT, "memoryLimit"). */
  memoryLimit?: string | undefined;
}

/**
 * DuckDB's default memory limit is 80% of the machine's RAM, which a process
 * loading a million plays fills with cache: a rebuild's peak grew 2.5x from
 * 100,000 to 1,000,000 plays. Writers (backup, sync, rebuild, import) get a
 * small budget instead and spill beyond it to `<db>.tmp`: 1.2x, at the same
 * speed (BENCHMARKS.md). Readers keep the default, for the reports' speed.
 * A configured limit overrides both.
 */
const WRITER_MEMORY_LIMIT = '256MB';

export class Duck {
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly path: string,
    readonly readOnly: boolean,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Duck> {
    const readOnly = options.readOnly ?? false;
    const config: Record<string, string> = readOnly ? { access_mode: 'READ_ONLY' } : {};
    const memoryLimit = options.memoryLimit ?? (readOnly ? undefined : WRITER_MEMORY_LIMIT);
    if (memoryLimit !== undefined) config['memory_limit'] = memoryLimit;
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    // TIMESTAMPTZ arithmetic and casts follow the session time zone, which
    // DuckDB takes from the machine. Pin it to UTC so results never depend on
    // where traktdb runs; local time is always asked for explicitly.
    await connection.run("SET TimeZone = 'UTC'");
    // The default checkpoints whenever the WAL passes 16 MB, i.e. many times
    // during one backup; checkpoint once at close instead (a crash replays the
    // WAL on the next open, so nothing committed is lost either way).
    if (!readOnly) await connection.run("SET checkpoint_threshold = '1GB'");
    return new Duck(instance, connection, path, readOnly);
  }

  /** Runs a statement (or several separated by `;` when there are no params). */
  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Runs one statement and returns how many rows it inserted, updated or deleted. */
  async changes(sql: string, params?: SqlParams): Promise<number> {
    const result = await this.connection.run(sql, params);
    return Number(result.rowsChanged);
  }

  /** Runs a query and returns every row as a plain JS object. */
  async all<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /** The first row, or undefined. */
  async one<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /** Idempotent: error paths may close what a success path already closed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
