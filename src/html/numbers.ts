const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** Minutes as hours for reading: 1,234 h for large totals, 2.5 h for small ones. */
export function formatHours(minutes: number): string {
  const hours = minutes / 60;
  return `${hours >= 100 ? INTEGER.format(hours) : ONE_DECIMAL.format(hours)} h`;
}

/** 95 -> "1 h 35 min"; under an hour, minutes alone. */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${INTEGER.format(h)} h` : `${INTEGER.format(h)} h ${m} min`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
