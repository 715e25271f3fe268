/**
 * Words for what a plan holds, for the dry run's sample and the not_found
 * list: the item (resolved to a title by the caller) and what about it is
 * planned.
 */
import type { ResourcePlan } from './plan.ts';

export interface SampleLine {
  resource: string;
  /** The item, when the line is about one (an empty list to create is not). */
  item?: { mediaType: string; traktId: number };
  /** What is planned for it: `watched 2024-03-01 20:15 UTC`, `rated 8`, `on the new list "Horror"`. */
  detail: string;
}

function minute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The first `n` units a plan would write, described. */
export function sampleOf(plan: ResourcePlan, n: number): SampleLine[] {
  const resource = plan.resource;
  switch (plan.resource) {
    case 'history':
      return plan.missing.slice(0, n).map((p) => ({
        resource,
        item: { mediaType: p.mediaType, traktId: p.traktId },
        detail: `watched ${minute(p.watchedAt)}`,
      }));
    case 'ratings':
      return plan.missing.slice(0, n).map((r) => ({
        resource,
        item: { mediaType: r.mediaType, traktId: r.traktId },
        detail: `rated ${r.rating}`,
      }));
    case 'watchlist':
    case 'favorites':
    case 'collection':
      return plan.missing.slice(0, n).map((i) => ({
        resource,
        item: { mediaType: i.mediaType, traktId: i.traktId },
        detail: `to the ${plan.resource}`,
      }));
    case 'lists': {
      const lines: SampleLine[] = [];
      for (const work of plan.missing) {
        const where = `${work.liveId === null ? 'the new list' : 'the list'} "${work.list.name}"`;
        if (work.items.length === 0) lines.push({ resource, detail: `create ${where} (empty)` });
        for (const item of work.items) {
          lines.push({
            resource,
            item: { mediaType: item.mediaType, traktId: item.traktId },
            detail: `on ${where}`,
          });
        }
        if (lines.length >= n) break;
      }
      return lines.slice(0, n);
    }
  }
}
