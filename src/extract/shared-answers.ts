import type { Fetcher, Page } from './ports.ts';

/**
 * A fetcher that asks Trakt once per round for each of `paths` (without a
 * query) and hands every caller the same answer: the stats resource and the
 * ratings' slices both read /users/{id}/stats, and the user's budget pays
 * for it once. A failed answer is forgotten, so the next caller asks again.
 */
export function shareAnswers(fetcher: Fetcher, paths: readonly string[]): Fetcher {
  const answers = new Map<string, Promise<Page>>();
  return {
    get(path, query, options) {
      if (!paths.includes(path) || Object.keys(query ?? {}).length > 0)
        return fetcher.get(path, query, options);
      let answer = answers.get(path);
      if (answer === undefined) {
        answer = fetcher.get(path, query, options);
        answers.set(path, answer);
        answer.catch(() => answers.delete(path));
      }
      return answer;
    },
  };
}
