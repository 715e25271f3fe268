import test from 'ava';
import { crawl } from './crawl.ts';
import { start } from './helpers.ts';

test('an independent crawl of the API rebuilds truth() exactly, credits included (typical profile)', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth({ credits: true });
  const crawled = await crawl(sim, { credits: true });
  for (const table of Object.keys(truth)) {
    t.deepEqual(crawled[table], (truth as unknown as Record<string, unknown>)[table], table);
  }
  t.deepEqual(Object.keys(crawled).sort(), Object.keys(truth).sort());
});

test('the crawl still matches after mutations of every kind', async (t) => {
  const sim = await start(t);
  const truth = sim.truth();
  sim.mutate.addPlays(4);
  sim.mutate.addPlays(2, { backdated: true });
  sim.mutate.removePlays({ count: 3 });
  sim.mutate.rate('episode', truth.episodes[1]!.trakt_id, 4);
  sim.mutate.watchlistAdd('show', truth.shows[2]!.trakt_id);
  sim.mutate.watchlistRemove({ count: 1 });
  const list = sim.mutate.listCreate('Late additions');
  sim.mutate.listAddItems(list, 4);
  sim.mutate.playbackSet('episode', truth.episodes[2]!.trakt_id, 12.5);
  sim.mutate.collect('movie', truth.movies[4]!.trakt_id);
  sim.mutate.hide('progress_watched', 'show', truth.shows[3]!.trakt_id);
  sim.mutate.comment('season', truth.seasons[0]!.trakt_id, 'Season thoughts');
  sim.mutate.note('episode', truth.episodes[0]!.trakt_id, 'A note');
  sim.mutate.follow();
  sim.mutate.unfollow();
  sim.mutate.followRequest();
  sim.mutate.acceptRequest();
  sim.mutate.requestToFollow();
  sim.mutate.loseFollower();
  sim.mutate.savedFilterEdit();
  sim.mutate.savedFilterAdd('search', 'Ünïcode, "quoted"', '/search/movie', 'query=zoë');
  sim.mutate.savedFilterRemove();
  sim.mutate.collaborationAddItems(undefined, 3);
  sim.mutate.collaborationRemoveItems(undefined, 1);
  const after = sim.truth({ credits: true });
  const crawled = await crawl(sim, { credits: true });
  for (const table of Object.keys(after)) {
    t.deepEqual(crawled[table], (after as unknown as Record<string, unknown>)[table], table);
  }
});

test('stats and watched agree with the plays; media tables cover every referenced id', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const movies = new Map(truth.movies.map((m) => [m.trakt_id, m]));
  const shows = new Map(truth.shows.map((s) => [s.trakt_id, s]));
  const episodes = new Map(truth.episodes.map((e) => [e.trakt_id, e]));
  let movieMinutes = 0;
  let episodeMinutes = 0;
  const moviePlays = new Map<number, number>();
  const showPlays = new Map<number, number>();
  for (const p of truth.plays) {
    if (p.media_type === 'movie') {
      movieMinutes += movies.get(p.movie_trakt_id!)!.runtime_min || 90;
      moviePlays.set(p.movie_trakt_id!, (moviePlays.get(p.movie_trakt_id!) ?? 0) + 1);
    } else {
      const e = episodes.get(p.episode_trakt_id!)!;
      episodeMinutes += e.runtime_min || shows.get(p.show_trakt_id!)!.runtime_min || 42;
      showPlays.set(p.show_trakt_id!, (showPlays.get(p.show_trakt_id!) ?? 0) + 1);
    }
  }
  const s = truth.stats;
  t.is(s.movies.plays, truth.plays.filter((p) => p.media_type === 'movie').length);
  t.is(s.movies.watched, moviePlays.size);
  t.is(s.movies.minutes, movieMinutes);
  t.is(s.episodes.plays, truth.plays.filter((p) => p.media_type === 'episode').length);
  t.is(s.episodes.watched, new Set(truth.plays.map((p) => p.episode_trakt_id).filter(Boolean)).size);
  t.is(s.episodes.minutes, episodeMinutes);
  t.is(s.shows.watched, showPlays.size);
  t.is(s.ratings.total, truth.ratings.length);
  t.is(
    Object.values(s.ratings.distribution).reduce((a, b) => a + b, 0),
    truth.ratings.length,
  );
  t.is(s.movies.collected, truth.collection.filter((c) => c.media_type === 'movie').length);
  t.is(s.episodes.collected, truth.collection.filter((c) => c.media_type === 'episode').length);
  for (const w of truth.watched) {
    const expected = w.media_type === 'movie' ? moviePlays.get(w.trakt_id) : showPlays.get(w.trakt_id);
    t.is(w.plays, expected ?? -1);
  }
  t.is(truth.watched.filter((w) => w.media_type === 'movie').length, moviePlays.size);
  t.is(truth.watched.filter((w) => w.media_type === 'show').length, showPlays.size);

  const has = (type: string, id: number | null): boolean => {
    if (id === null) return true;
    const table = { movie: movies, show: shows, episode: episodes } as Record<string, Map<number, unknown>>;
    if (type === 'season') return truth.seasons.some((x) => x.trakt_id === id);
    if (type === 'person') return truth.people.some((x) => x.trakt_id === id);
    return table[type]?.has(id) ?? true;
  };
  for (const p of truth.plays) {
    t.true(
      has('movie', p.movie_trakt_id) && has('show', p.show_trakt_id) && has('episode', p.episode_trakt_id),
    );
  }
  for (const table of [
    'ratings',
    'watchlist',
    'favorites',
    'collection',
    'watched',
    'playback',
    'list_items',
    'notes',
  ] as const) {
    for (const row of truth[table] as { media_type: string; trakt_id: number }[]) {
      if (!has(row.media_type, row.trakt_id)) t.fail(`${table} ${row.media_type} ${row.trakt_id}`);
    }
  }
  for (const e of truth.episodes) t.true(shows.has(e.show_trakt_id));
  for (const se of truth.seasons) t.true(shows.has(se.show_trakt_id));
});

test('the last_activities stamps are never older than the data they describe', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  const la = truth.last_activities as Record<string, Record<string, string>> & { all: string };
  const newest = (xs: string[]) => [...xs].sort().at(-1) ?? '';
  t.true(
    la.movies!.rated_at! >=
      newest(truth.ratings.filter((r) => r.media_type === 'movie').map((r) => r.rated_at)),
  );
  t.true(la.watchlist!.updated_at! >= newest(truth.watchlist.map((w) => w.listed_at)));
  t.true(
    la.lists!.updated_at! >= newest(truth.lists.filter((l) => !l.collaboration).map((l) => l.updated_at)),
  );
  t.is(
    la.collaborations!.updated_at!,
    newest(truth.lists.filter((l) => l.collaboration).map((l) => l.updated_at)),
  );
  t.is(la.saved_filters!.updated_at!, newest(truth.saved_filters.map((f) => f.updated_at)));
  const since = (relation: string) =>
    newest(truth.social.filter((r) => r.relation === relation).map((r) => r.since));
  t.is(la.account!.followed_at!, since('follower'));
  t.is(la.account!.following_at!, since('following'));
  t.is(la.account!.requested_at!, since('request_in'));
  t.is(la.account!.pending_at!, since('request_out'));
  t.true(la.notes!.updated_at! >= newest(truth.notes.map((n) => n.updated_at)));
  for (const [group, fields] of Object.entries(la)) {
    if (group === 'all') continue;
    for (const v of Object.values(fields as Record<string, string>)) t.true(la.all >= v);
  }
});
