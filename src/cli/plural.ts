/** `1 row`, `2 rows`, `1 entry` / `3 entries` with the plural given: a count with its noun in the right number. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
