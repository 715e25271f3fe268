import test from 'ava';
import { RunLookups } from '../../src/extract/id-lookups.ts';
import type { Page } from '../../src/extract/ports.ts';
import { lookupNeeds, lookupsFrom } from '../../src/normalize/lookups.ts';

const season = (ids: Record<string, number>) => ({
  type: 'season',
  season: { number: 2, ids },
  show: { title: 'Show', ids: { trakt: 7 } },
});

test('only items about a season or a user that lacks its trakt id need a lookup, once per show or slug', (t) => {
  const items = [
    season({ tvdb: 1 }),
    season({ tvdb: 2 }),
    season({ trakt: 99 }),
    { id: 1, item: { ...season({ tmdb: 3 }), show: { ids: { trakt: 8 } } } },
    { type: 'user', user: { ids: { slug: 'sean' } } },
    { type: 'user', user: { ids: { slug: 'kept', trakt: 5 } } },
    // A list owner or a comment author is never read: no lookup for them.
    { name: 'list', user: { ids: { slug: 'owner' } } },
    { type: 'season', season: { number: 1, ids: {} } },
  ];
  t.deepEqual(lookupNeeds(items), ['/shows/7/seasons', '/shows/8/seasons', '/users/sean']);
  const lookups = lookupsFrom(
    new Map<string, unknown>([
      [
        '/shows/7/seasons',
        [
          { number: 1, ids: { trakt: 70 } },
          { number: 2, ids: { trakt: 71 } },
        ],
      ],
      ['/users/sean', { username: 'sean', ids: { slug: 'sean', trakt: 12 } }],
    ]),
  );
  t.is(lookups.season(7, 2), 71);
  t.is(lookups.season(7, 3), undefined);
  t.is(lookups.season(8, 1), undefined);
  t.is(lookups.user('sean'), 12);
  t.is(lookups.user('nobody'), undefined);
});

test('each path is asked once per run; a closed or missing answer learns nothing, other failures are thrown', async (t) => {
  const asked: string[] = [];
  const answers: Record<string, unknown> = {
    '/users/private': { status: 403 },
    '/users/gone': { status: 404 },
    '/users/broken': { status: 503 },
  };
  const lookups = new RunLookups(async (path): Promise<Page> => {
    asked.push(path);
    const failure = answers[path];
    if (failure !== undefined) throw Object.assign(new Error(`${path} failed`), failure);
    const json = [{ number: 1, ids: { trakt: 10 } }];
    return { status: 200, method: 'GET', path, body: JSON.stringify(json), json, pagination: undefined };
  });
  const [a, b] = await Promise.all([
    lookups.resolve(['/shows/1/seasons']),
    lookups.resolve(['/shows/1/seasons', '/users/private', '/users/gone']),
  ]);
  t.is(a.season(1, 1), 10);
  t.is(b.season(1, 1), 10);
  t.is(b.user('private'), undefined);
  t.is(b.user('gone'), undefined);
  await t.throwsAsync(() => lookups.resolve(['/users/broken']), { message: '/users/broken failed' });
  await t.throwsAsync(() => lookups.resolve(['/users/broken']));
  t.deepEqual(asked, ['/shows/1/seasons', '/users/private', '/users/gone', '/users/broken', '/users/broken']);
});
