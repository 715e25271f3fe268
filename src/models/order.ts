import type { Model } from './model.ts';
import { ModelError } from './model-error.ts';

/**
 * Models in an order where each comes after every model it reads (Kahn's
 * algorithm; among models that are ready, by name, so the order is stable).
 * Reads of relations that are not models (source tables) and calls of
 * DuckDB's own table functions do not constrain the order. A cycle is an error that names it.
 */
export function orderModels(models: readonly Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  // A model depends on the models it reads and on the table macros among them that it calls.
  const dependencies = new Map(
    models.map((m) => [m.name, [...new Set([...m.reads, ...m.calls])].filter((r) => byName.has(r))]),
  );
  const ordered: Model[] = [];
  const done = new Set<string>();
  const ready = models.filter((m) => dependencies.get(m.name)?.length === 0).map((m) => m.name);
  while (ready.length > 0) {
    ready.sort();
    const name = ready.shift() as string;
    done.add(name);
    ordered.push(byName.get(name) as Model);
    for (const m of models) {
      if (done.has(m.name) || ready.includes(m.name)) continue;
      if ((dependencies.get(m.name) ?? []).every((d) => done.has(d))) ready.push(m.name);
    }
  }
  if (ordered.length < models.length) {
    const cycle = findCycle(
      models.filter((m) => !done.has(m.name)).map((m) => m.name),
      dependencies,
    );
    throw new ModelError(`The models read each other in a cycle: ${cycle.join(' -> ')}; break it.`);
  }
  return ordered;
}

/** One cycle among the unordered models, as a path that ends where it starts. */
function findCycle(remaining: string[], dependencies: Map<string, string[]>): string[] {
  const start = [...remaining].sort()[0] as string;
  const path: string[] = [];
  const seen = new Map<string, number>();
  let current = start;
  // Every remaining model depends on at least one other remaining model, so
  // walking first dependencies must revisit a model.
  while (!seen.has(current)) {
    seen.set(current, path.length);
    path.push(current);
    const next = (dependencies.get(current) ?? []).filter((d) => remaining.includes(d)).sort()[0];
    if (next === undefined) break;
    current = next;
  }
  const from = seen.get(current) ?? 0;
  return [...path.slice(from), current];
}
