import test from 'ava';
import type { GroundTruth } from '../../src/simulator/index.ts';
import { all, call, manualClock, start } from './helpers.ts';

const NOW = '2026-11-10T12:00:00.000Z';

function activity(truth: GroundTruth, field: string): string {
  const [group, name] = field.split('.') as [string, string];
  return (truth.last_activities[group] as Record<string, string>)[name]!;
}

/** Runs a mutation at a fresh second and returns truth before and after. */
async function mutation(t: Parameters<typeof start>[0]) {
  const clock = manualClock(NOW);
  const sim = await start(t, { clock: clock.now });
  return {
    sim,
    clock,
    run<T>(fn: () => T): { before: GroundTruth; after: GroundTruth; result: T; at: string } {
      const before = sim.truth();
      clock.advance(60_000);
      const result = fn();
      return { before, after: sim.truth(), result, at: new Date(clock.now()).toISOString() };
    },
  };
}

test('addPlays: new ids above every old one, history and aggregates follow, watched_at activities stamped', async (t) => {
  const { sim, run } = await mutation(t);
  const { before, after, result, at } = run(() => sim.mutate.addPlays(3, { media: 'movie' }));
  const maxBefore = Math.max(...before.plays.map((p) => p.history_id));
  t.is(result.length, 3);
  t.true(result.every((id) => id > maxBefore));
  t.is(after.plays.length, before.plays.length + 3);
  t.is(activity(after, 'movies.watched_at'), at);
  t.is(after.last_activities['all'], at);
  t.is(activity(after, 'episodes.watched_at'), activity(before, 'episodes.watched_at'));
  t.is(after.stats.movies.plays, before.stats.movies.plays + 3);
  const newest = await call(sim, '/sync/history?limit=3');
  t.deepEqual(newest.json.map((i: { id: number }) => i.id).sort(), [...result].sort());
});

test('addPlays backdated and at: watched_at in the past, ids still the largest', async (t) => {
  const { sim, run } = await mutation(t);
  const { before, after, result } = run(() => sim.mutate.addPlays(2, { backdated: true, media: 'episode' }));
  const times = before.plays.map((p) => p.watched_at).sort();
  for (const id of result) {
    const play = after.plays.find((p) => p.history_id === id)!;
    t.true(play.watched_at >= times[0]! && play.watched_at <= times[times.length - 1]!);
    t.is(play.media_type, 'episode');
    t.is(play.action, 'watch');
  }
  const at = run(() => sim.mutate.addPlays(1, { at: '2020-02-02T20:20:20.000Z' }));
  t.is(at.after.plays.find((p) => p.history_id === at.result[0])!.watched_at, '2020-02-02T20:20:20.000Z');
  t.true(at.result[0]! > Math.max(...result));
});

test('watching a watchlisted movie removes it from the watchlist and re-ranks the rest', async (t) => {
  const { sim, run } = await mutation(t);
  const listed = sim.truth().watchlist.find((w) => w.media_type === 'movie')!;
  const { after, at } = run(() => sim.mutate.addPlays(1, { media: 'movie', traktId: listed.trakt_id }));
  t.false(after.watchlist.some((w) => w.list_item_id === listed.list_item_id));
  t.deepEqual(
    after.watchlist.map((w) => w.rank).sort((a, b) => a - b),
    after.watchlist.map((_, i) => i + 1),
  );
  t.is(activity(after, 'watchlist.updated_at'), at);
  t.is(activity(after, 'movies.watchlisted_at'), at);
  const watched = after.watched.find((w) => w.media_type === 'movie' && w.trakt_id === listed.trakt_id)!;
  t.is(watched.plays, 1);
  t.is(watched.last_updated_at, at);
});

test('removePlays by count and by id; watched last_updated_at is touched', async (t) => {
  const { sim, run } = await mutation(t);
  const { before, after, result, at } = run(() => sim.mutate.removePlays({ count: 2 }));
  t.is(result.length, 2);
  t.is(after.plays.length, before.plays.length - 2);
  t.false(after.plays.some((p) => result.includes(p.history_id)));
  const gone = before.plays.find((p) => p.history_id === result[0])!;
  const key = gone.media_type === 'movie' ? gone.movie_trakt_id : gone.show_trakt_id;
  const w = after.watched.find(
    (x) => x.trakt_id === key && x.media_type === (gone.media_type === 'movie' ? 'movie' : 'show'),
  );
  if (w) t.is(w.last_updated_at, at);
  t.is(after.last_activities['all'], at);
  const one = before.plays[5]!.history_id;
  const byId = run(() => sim.mutate.removePlays([one, 42]));
  t.deepEqual(byId.result, [one]);
});

test('rate and unrate', async (t) => {
  const { sim, run } = await mutation(t);
  const show = sim.truth().shows[0]!;
  const rated = run(() => sim.mutate.rate('show', show.trakt_id, 9));
  const row = rated.after.ratings.find((r) => r.media_type === 'show' && r.trakt_id === show.trakt_id)!;
  t.is(row.rating, 9);
  t.is(row.rated_at, rated.at);
  t.is(activity(rated.after, 'shows.rated_at'), rated.at);
  t.is(rated.after.last_activities['all'], rated.at);
  t.is(
    rated.after.stats.ratings.distribution['9'],
    rated.before.stats.ratings.distribution['9']! +
      (rated.before.ratings.some(
        (r) => r.media_type === 'show' && r.trakt_id === show.trakt_id && r.rating === 9,
      )
        ? 0
        : 1),
  );
  const unrated = run(() => sim.mutate.unrate('show', show.trakt_id));
  t.false(unrated.after.ratings.some((r) => r.media_type === 'show' && r.trakt_id === show.trakt_id));
  t.is(activity(unrated.after, 'shows.rated_at'), unrated.at);
  t.throws(() => sim.mutate.rate('movie', 1, 11), { message: /rating must be 1-10/ });
});

test('watchlist and favorites add and remove', async (t) => {
  const { sim, run } = await mutation(t);
  const movie = sim.truth().movies[0]!;
  const added = run(() => sim.mutate.watchlistAdd('movie', movie.trakt_id));
  const row = added.after.watchlist.find((w) => w.list_item_id === added.result)!;
  t.is(row.rank, added.after.watchlist.length);
  t.is(row.listed_at, added.at);
  t.true(added.result > Math.max(...added.before.watchlist.map((w) => w.list_item_id)));
  t.is(activity(added.after, 'movies.watchlisted_at'), added.at);
  t.is(activity(added.after, 'watchlist.updated_at'), added.at);
  const removed = run(() => sim.mutate.watchlistRemove({ count: 2 }));
  t.is(removed.after.watchlist.length, removed.before.watchlist.length - 2);
  t.is(activity(removed.after, 'watchlist.updated_at'), removed.at);
  const show = sim.truth().shows[1]!;
  const fav = run(() => sim.mutate.favoritesAdd('show', show.trakt_id));
  t.true(fav.after.favorites.some((f) => f.list_item_id === fav.result && f.trakt_id === show.trakt_id));
  t.is(activity(fav.after, 'shows.favorited_at'), fav.at);
  t.is(activity(fav.after, 'favorites.updated_at'), fav.at);
  const unfav = run(() => sim.mutate.favoritesRemove([fav.result]));
  t.deepEqual(unfav.result, [fav.result]);
  t.is(activity(unfav.after, 'favorites.updated_at'), unfav.at);
});

test('personal lists: create, add items, remove items, delete', async (t) => {
  const { sim, run } = await mutation(t);
  const created = run(() => sim.mutate.listCreate('New, "Odd" List'));
  const list = created.after.lists.find((l) => l.list_trakt_id === created.result)!;
  t.is(list.name, 'New, "Odd" List');
  t.is(list.slug, 'new-odd-list');
  t.is(list.item_count, 0);
  t.is(activity(created.after, 'lists.updated_at'), created.at);
  const added = run(() => sim.mutate.listAddItems(created.result, 5));
  t.is(added.result.length, 5);
  t.is(added.after.list_items.filter((i) => i.list_trakt_id === created.result).length, 5);
  t.is(added.after.lists.find((l) => l.list_trakt_id === created.result)!.updated_at, added.at);
  const items = await all(sim, `/users/me/lists/${created.result}/items`);
  t.deepEqual(
    items.map((i) => i.id),
    added.result,
  );
  const removed = run(() => sim.mutate.listRemoveItems(created.result, 2));
  t.is(removed.after.lists.find((l) => l.list_trakt_id === created.result)!.item_count, 3);
  const deleted = run(() => sim.mutate.listDelete(created.result));
  t.false(deleted.after.lists.some((l) => l.list_trakt_id === created.result));
  t.false(deleted.after.list_items.some((i) => i.list_trakt_id === created.result));
  t.is(activity(deleted.after, 'lists.updated_at'), deleted.at);
});

test('playback set and remove', async (t) => {
  const { sim, run } = await mutation(t);
  const movie = sim.truth().movies[2]!;
  const set = run(() => sim.mutate.playbackSet('movie', movie.trakt_id, 42.5));
  const row = set.after.playback.find((p) => p.playback_id === set.result)!;
  t.is(row.progress, 42.5);
  t.is(row.paused_at, set.at);
  t.is(activity(set.after, 'movies.paused_at'), set.at);
  const removed = run(() => sim.mutate.playbackRemove(set.result));
  t.false(removed.after.playback.some((p) => p.playback_id === set.result));
  t.is(activity(removed.after, 'movies.paused_at'), removed.at);
});

test('collect and uncollect', async (t) => {
  const { sim, run } = await mutation(t);
  const episode = sim
    .truth()
    .episodes.find((e) => !sim.truth().collection.some((c) => c.trakt_id === e.trakt_id))!;
  const got = run(() => sim.mutate.collect('episode', episode.trakt_id));
  const row = got.after.collection.find(
    (c) => c.media_type === 'episode' && c.trakt_id === episode.trakt_id,
  )!;
  t.is(row.collected_at, got.at);
  t.is(row.media_format, 'digital');
  t.is(got.after.stats.episodes.collected, got.before.stats.episodes.collected + 1);
  t.is(activity(got.after, 'episodes.collected_at'), got.at);
  const lost = run(() => sim.mutate.uncollect('episode', episode.trakt_id));
  t.false(lost.after.collection.some((c) => c.media_type === 'episode' && c.trakt_id === episode.trakt_id));
  t.is(activity(lost.after, 'episodes.collected_at'), lost.at);
});

test('hide and unhide, including dropped shows', async (t) => {
  const { sim, run } = await mutation(t);
  const movie = sim.truth().movies[3]!;
  const hidden = run(() => sim.mutate.hide('calendar', 'movie', movie.trakt_id));
  t.true(hidden.after.hidden_items.some((h) => h.section === 'calendar' && h.trakt_id === movie.trakt_id));
  t.is(activity(hidden.after, 'movies.hidden_at'), hidden.at);
  const show = sim.truth().shows[0]!;
  const dropped = run(() => sim.mutate.hide('dropped', 'show', show.trakt_id));
  t.is(activity(dropped.after, 'shows.dropped_at'), dropped.at);
  const back = run(() => sim.mutate.unhide('calendar', 'movie', movie.trakt_id));
  t.false(back.after.hidden_items.some((h) => h.section === 'calendar' && h.trakt_id === movie.trakt_id));
  t.is(activity(back.after, 'movies.hidden_at'), back.at);
});

test('comment, like and note', async (t) => {
  const { sim, run } = await mutation(t);
  const episode = sim.truth().episodes[0]!;
  const c = run(() => sim.mutate.comment('episode', episode.trakt_id, 'Wow; "really", wow.'));
  const row = c.after.comments.find((x) => x.comment_id === c.result)!;
  t.is(row.body, 'Wow; "really", wow.');
  t.is(row.parent_id, 0);
  t.is(row.media_type, 'episode');
  t.is(c.after.stats.episodes.comments, c.before.stats.episodes.comments + 1);
  t.is(activity(c.after, 'episodes.commented_at'), c.at);
  const liked = sim.truth().likes.find((x) => x.kind === 'list')!;
  const unliked = run(() => sim.mutate.unlike('list', liked.target_id));
  t.false(unliked.after.likes.some((x) => x.kind === 'list' && x.target_id === liked.target_id));
  t.is(activity(unliked.after, 'lists.liked_at'), unliked.at);
  const relike = run(() => sim.mutate.like('list', liked.target_id));
  t.is(
    relike.after.likes.find((x) => x.kind === 'list' && x.target_id === liked.target_id)!.liked_at,
    relike.at,
  );
  t.is(activity(relike.after, 'lists.liked_at'), relike.at);
  const comment = sim.truth().likes.find((x) => x.kind === 'comment')!;
  sim.mutate.unlike('comment', comment.target_id);
  const l = run(() => sim.mutate.like('comment', comment.target_id));
  t.is(activity(l.after, 'comments.liked_at'), l.at);
  t.throws(() => sim.mutate.like('list', 1), { message: /no list 1/ });
  const truth = sim.truth();
  const n = run(() => sim.mutate.note('person', truth.people[0]!.trakt_id, 'x'.repeat(600)));
  const note = n.after.notes.find((x) => x.note_id === n.result)!;
  t.is(note.body.length, 500);
  t.is(note.media_type, 'person');
  t.is(activity(n.after, 'notes.updated_at'), n.at);
});

test('changeSettings changes the profile and account.settings_at', async (t) => {
  const { sim, run } = await mutation(t);
  const r = run(() => sim.mutate.changeSettings({ timezone: 'Europe/London' }));
  t.is(r.after.profile[0]!.timezone, 'Europe/London');
  t.is(activity(r.after, 'account.settings_at'), r.at);
  const settings = await call(sim, '/users/settings');
  t.is(settings.json.account.timezone, 'Europe/London');
});

test('mutations over HTTP: named arguments, positional args, and errors', async (t) => {
  const sim = await start(t);
  const post = (body: unknown) =>
    fetch(`${sim.url}/_sim/mutate`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      // biome-ignore lint/suspicious/noExplicitAny: test payloads are read field by field.
      json: (await r.json()) as any,
    }));
  const added = await post({ op: 'addPlays', n: 2, media: 'episode' });
  t.is(added.status, 200);
  t.is(added.json.result.length, 2);
  const movie = sim.truth().movies[0]!.trakt_id;
  const rated = await post({ op: 'rate', args: ['movie', movie, 7] });
  t.is(rated.status, 200);
  t.is(sim.truth().ratings.find((r) => r.media_type === 'movie' && r.trakt_id === movie)!.rating, 7);
  const removed = await post({ op: 'removePlays', count: 1 });
  t.is(removed.json.result.length, 1);
  t.is((await post({ op: 'explode' })).status, 400);
  const bad = await post({ op: 'rate', mediaType: 'movie', traktId: -5, rating: 3 });
  t.is(bad.status, 400);
  t.regex(bad.json.error, /no movie with trakt id -5/);
  const truth = await fetch(`${sim.url}/_sim/truth`).then((r) => r.json());
  t.deepEqual(truth, JSON.parse(JSON.stringify(sim.truth())));
  const log = await fetch(`${sim.url}/_sim/requests`).then((r) => r.json());
  t.deepEqual(log, []);
  await call(sim, '/sync/history');
  t.is(sim.requests().length, 1);
  t.is((await fetch(`${sim.url}/_sim/requests/clear`, { method: 'POST' })).status, 204);
  t.is(sim.requests().length, 0);
  t.is((await fetch(`${sim.url}/_sim/expire-tokens`, { method: 'POST' })).status, 204);
  t.is((await call(sim, '/sync/history')).status, 401);
});
