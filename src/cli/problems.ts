import type { ResourceProblem } from '../extract/runner.ts';

/**
 * A resource the run could not verify, as one phrase: its name, the word for
 * what went wrong (`rejected`, `unavailable`, `incomplete`, docs/tolerance.md,
 * "Real Trakt is messier than any simulator") and why, e.g.
 * `notes unavailable (GET /users/me/notes/all answered 404)`.
 */
export function problemPhrase(problem: ResourceProblem): string {
  return `${problem.key} ${problem.problem} (${problem.reason})`;
}

/** The closing sentence of a run that ends incomplete (exit 4). */
export function incompleteMessage(mode: string, problems: readonly ResourceProblem[]): string {
  const rejected = problems.some((p) => p.problem === 'rejected');
  return (
    `${mode} finished, but ${problems.length === 1 ? '1 resource' : `${problems.length} resources`} could not be verified: ` +
    `${problems.map(problemPhrase).join('; ')}. What arrived is kept; run it again` +
    `${rejected ? ' (`traktdb status` lists the rejected items; `traktdb doctor` tells what Trakt sends)' : ''}.`
  );
}
