import type { RowBatch, TableName, TableRows } from './rows.ts';

/** Collects the rows one normalizer call produces, table by table. */
export class BatchBuilder {
  readonly batch: RowBatch = {};

  add<T extends TableName>(table: T, row: TableRows[T]): void {
    const batch: { [K in T]?: TableRows[K][] } = this.batch;
    const rows = batch[table];
    if (rows === undefined) batch[table] = [row];
    else rows.push(row);
  }
}
