/**
 * `/sync/last_activities` is the cheap first call of every run (docs/trakt-api.md §3):
 * one timestamp per kind of change. A resource names the fields that announce
 * its changes; it is re-pulled when any of them differs from what was seen.
 */
export type ActivityValues = Record<string, string | null>;

/** The values of dotted `fields` (e.g. `movies.watched_at`) in a last_activities object. */
export function pickActivities(lastActivities: unknown, fields: readonly string[]): ActivityValues {
  const picked: ActivityValues = {};
  for (const field of fields) {
    let value: unknown = lastActivities;
    for (const part of field.split('.')) {
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    picked[field] = typeof value === 'string' ? value : null;
  }
  return picked;
}

/** True when a saved set of values differs from the current one in any field. */
export function activitiesChanged(saved: unknown, current: ActivityValues): boolean {
  if (saved === null || typeof saved !== 'object') return true;
  const before = saved as Record<string, unknown>;
  return Object.entries(current).some(([field, value]) => before[field] !== value);
}

/** The fields whose value differs from the saved set (all of them when nothing was saved). */
export function changedFields(saved: unknown, current: ActivityValues): string[] {
  const before = saved !== null && typeof saved === 'object' ? (saved as Record<string, unknown>) : undefined;
  return Object.keys(current).filter((field) => before === undefined || before[field] !== current[field]);
}

/**
 * True when a field the resource listens to is missing or null in
 * last_activities (Trakt's older documents lack `favorites`, `notes` and
 * `shows.dropped_at`): its change cannot be seen, so the resource is due.
 */
export function unknownActivity(current: ActivityValues): boolean {
  return Object.values(current).some((value) => value === null);
}
