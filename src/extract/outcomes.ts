import type { ExtractListener } from './events.ts';
import type { JobOutcome, Problem } from './fetch-paged.ts';
import type { Resource } from './resource.ts';
import type { ScrubSummary } from './scrub.ts';

/** What became of one resource load (or of a resource the plan skipped). */
export interface ResourceOutcome {
  key: string;
  title: string;
  complete: boolean;
  rows: number;
  /** Items Trakt counts (X-Pagination-Item-Count, or the count that checked a headerless answer). */
  expected: number;
  requests: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Rows whose rank alone was renumbered (not counted in `updated`). */
  reranked?: number;
  /** Rows the resource's part of its table holds after the load (the fetched count is `rows`). */
  tableRows?: number;
  /** Items kept in rejected_items instead of the table. */
  rejected: number;
  skipped?: string;
  /** What kept an incomplete resource from being verified; the word the run's output prints. */
  problem?: Problem;
  reason?: string;
}

/** A resource the run could not verify, as its output names it. */
export interface ResourceProblem {
  key: string;
  title: string;
  problem: Problem;
  reason: string;
  rejected: number;
}

export interface ExtractSummary {
  outcomes: ResourceOutcome[];
  /** Keys of every resource not verified complete, whatever the problem. */
  incomplete: string[];
  /** The same resources with what went wrong, in catalog order. */
  problems: ResourceProblem[];
  /**
   * What the run took over from interrupted runs: pages read back from their
   * archive, of how many resources, and resources they had committed.
   */
  resumed?: { pages: number; resources: number; committed: number };
  /** What the run's scrub did (a sync of your own account with the scrub on). */
  scrub?: ScrubSummary;
}

export function toOutcome(title: string, outcome: JobOutcome): ResourceOutcome {
  return {
    key: outcome.key,
    title,
    complete: outcome.complete,
    rows: outcome.rows,
    expected: outcome.expected,
    requests: outcome.requests,
    inserted: outcome.merge.inserted,
    updated: outcome.merge.updated,
    deleted: outcome.merge.deleted,
    ...(outcome.merge.reranked ? { reranked: outcome.merge.reranked } : {}),
    rejected: outcome.rejected,
    ...(outcome.complete
      ? {}
      : { problem: outcome.problem ?? 'incomplete', reason: outcome.reason ?? 'incomplete' }),
  };
}

/** A resource the plan did not fetch: current, with the reason. */
export function skipped(key: string, title: string, reason: string): ResourceOutcome {
  return {
    key,
    title,
    complete: true,
    rows: 0,
    expected: 0,
    requests: 0,
    inserted: 0,
    updated: 0,
    deleted: 0,
    rejected: 0,
    skipped: reason,
  };
}

/** Tells the listener how a fetched resource ended. */
export function report(emit: ExtractListener, title: string, outcome: ResourceOutcome): void {
  if (outcome.complete) {
    emit({
      type: 'resource-done',
      resource: outcome.key,
      title,
      rows: outcome.rows,
      inserted: outcome.inserted,
      updated: outcome.updated,
      deleted: outcome.deleted,
      ...(outcome.reranked ? { reranked: outcome.reranked } : {}),
      requests: outcome.requests,
      ...(outcome.tableRows === undefined ? {} : { tableRows: outcome.tableRows }),
    });
  } else {
    emit({
      type: 'resource-incomplete',
      resource: outcome.key,
      title,
      problem: outcome.problem ?? 'incomplete',
      expected: outcome.expected,
      // Rejected items arrived: they are kept in rejected_items rather than the table.
      received: outcome.rows + outcome.rejected,
      rejected: outcome.rejected,
      reason: outcome.reason ?? 'incomplete',
    });
  }
}

/**
 * The run's summary: every outcome, and the resources whose last fetch in
 * the run was not verified complete, in catalog order (children after
 * their parent, by key), whatever order they finished in.
 */
export function summarize(catalog: readonly Resource[], outcomes: ResourceOutcome[]): ExtractSummary {
  const last = new Map(outcomes.filter((o) => !o.skipped).map((o) => [o.key, o]));
  const rank = (key: string): number => {
    const name = key.split(':')[0];
    const at = catalog.findIndex(
      (r) => r.name === name || (r.pagination === 'pages' && r.children?.name === name),
    );
    return at === -1 ? catalog.length : at;
  };
  const failed = [...last.values()]
    .filter((o) => !o.complete)
    .sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    outcomes,
    incomplete: failed.map((o) => o.key),
    problems: failed.map((o) => ({
      key: o.key,
      title: o.title,
      problem: o.problem ?? 'incomplete',
      reason: o.reason ?? 'incomplete',
      rejected: o.rejected,
    })),
  };
}
