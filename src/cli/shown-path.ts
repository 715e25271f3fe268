/**
 * A request path as progress output prints it. A list another user owns
 * (one the account collaborates on) has its items under that user's slug,
 * and other people's names stay out of logs (docs/account.md): the slug is
 * printed as `{owner}`. The account's own paths say `me`.
 */
export function shownPath(path: string): string {
  return path.replace(/^\/users\/(?!me\/)[^/?]+\/lists\/(\d+)\/items/, '/users/{owner}/lists/$1/items');
}
