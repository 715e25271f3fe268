/**
 * The scrub's cost per day (docs/benchmarks.md): the requests one pass of the
 * rotation costs on a profile's account, by the planner's own rule (a part
 * costs its pages of 250; history windows of WINDOW_PLAYS), counted from the
 * simulator's truth. `npx tsx bench/scrub-cost.ts [heavy|typical|tiny]`.
 */

import { pagesOf, WINDOW_PLAYS } from '../src/extract/scrub.ts';
import { startSimulator } from '../src/simulator/index.ts';

const profile = (process.argv[2] ?? 'heavy') as 'heavy' | 'typical' | 'tiny';
const sim = await startSimulator({ profile, seed: 1 });
// biome-ignore lint/suspicious/noExplicitAny: the truth's rows, read for their counts only
type Row = any;
const t = sim.truth() as unknown as Record<string, Row[]> & Record<string, Row[]>;
const all = (name: string): Row[] => t[name] ?? [];
const n = (rows: Row[] = [], f: (r: Row) => boolean = () => true) => rows.filter(f).length;
let cost = 0;
const parts: Record<string, number> = {};
const add = (k: string, c: number) => {
  parts[k] = c;
  cost += c;
};
add('plays', Math.max(Math.ceil(all('plays').length / WINDOW_PLAYS), pagesOf(all('plays').length)));
for (const m of ['movie', 'show', 'season', 'episode'])
  add(`ratings:${m}`, pagesOf(n(t.ratings, (r) => r.media_type === m)));
add('watchlist', pagesOf(all('watchlist').length));
add('favorites', pagesOf(all('favorites').length));
add('collection_movies', pagesOf(n(t.collection, (r) => r.media_type === 'movie')));
add('collection_episodes', pagesOf(n(t.collection, (r) => r.media_type === 'episode')));
add('watched_movies', pagesOf(n(t.watched, (r) => r.media_type === 'movie')));
add('watched_shows', pagesOf(n(t.watched, (r) => r.media_type === 'show')));
add('playback', pagesOf(all('playback').length));
add('lists', pagesOf(all('lists').length));
for (const s of [
  'calendar',
  'progress_watched',
  'progress_collected',
  'recommendations',
  'comments',
  'dropped',
])
  add(`hidden_${s}`, pagesOf(n(t.hidden_items, (r) => r.section === s)));
add('comments', pagesOf(all('comments').length));
add('likes_comments', pagesOf(n(t.likes, (r) => r.kind === 'comment')));
add('likes_lists', pagesOf(n(t.likes, (r) => r.kind === 'list')));
add('notes', pagesOf(all('notes').length));
let lists = 0;
for (const l of all('lists')) lists += pagesOf(n(t.list_items, (r) => r.list_trakt_id === l.list_trakt_id));
add('list_items', lists);
const budgetPerDay = (500 * 86_400) / 300;
process.stdout.write(
  `${profile}: a scrub pass costs ${cost} requests; at the default 7d, ${(cost / 7).toFixed(0)} a day, ` +
    `${((100 * cost) / 7 / budgetPerDay).toFixed(2)}% of the ${budgetPerDay} GET requests a day the budget allows\n` +
    `${JSON.stringify(parts)}\n`,
);
await sim.close();
