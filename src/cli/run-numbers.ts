import { count } from './plural.ts';

/**
 * "What changed" said the same way by the run summary and `status`, from
 * the same numbers (sync_runs, counted from change_log; docs/sync.md "What
 * the numbers mean"): the account's rows first, since that is what changed
 * in the account; media rows (movies, shows, episodes... added or refreshed
 * alongside) and re-ranked rows (a rank renumbered, nothing else) apart.
 */
export function changesText(changes: {
  account: number | null | undefined;
  media?: number | null | undefined;
  reranked?: number | null | undefined;
}): string {
  const extra: string[] = [];
  if ((changes.media ?? 0) > 0) extra.push(`${count(changes.media ?? 0, 'media row')} added or refreshed`);
  if ((changes.reranked ?? 0) > 0) extra.push(`${changes.reranked ?? 0} re-ranked`);
  const main = `${count(changes.account ?? 0, 'account row')} changed`;
  return extra.length === 0 ? main : `${main} (${extra.join(', ')})`;
}
