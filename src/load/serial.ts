/**
 * Runs async tasks one at a time, in call order. The store has one DuckDB
 * connection, and a transaction belongs to the connection, so every piece of
 * database work from concurrent resource loads goes through one Serial: a
 * commit never interleaves with another statement.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The chain must survive a failed task; the caller still sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
