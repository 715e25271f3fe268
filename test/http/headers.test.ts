import test from 'ava';
import { parsePagination, parseRateLimit, parseRetryAfter, requestHeaders } from '../../src/http/headers.ts';
import { displayPath, scrub } from '../../src/http/redact.ts';

test('parseRateLimit reads the documented X-Ratelimit JSON and ignores junk', (t) => {
  const h = (value: string) => new Headers({ 'x-ratelimit': value });
  t.deepEqual(
    parseRateLimit(
      h(
        '{"name":"UNAUTHED_API_GET_LIMIT","period":300,"limit":1000,"remaining":0,"until":"2020-10-10T00:24:00Z"}',
      ),
    ),
    { name: 'UNAUTHED_API_GET_LIMIT', period: 300, limit: 1000, remaining: 0, until: '2020-10-10T00:24:00Z' },
  );
  t.deepEqual(parseRateLimit(h('{"limit":5,"remaining":2,"until":"2026-01-01T00:00:00.000Z"}')), {
    limit: 5,
    remaining: 2,
    until: '2026-01-01T00:00:00.000Z',
  });
  t.is(parseRateLimit(new Headers()), undefined);
  t.is(parseRateLimit(h('not json')), undefined);
  t.is(parseRateLimit(h('{"limit":"5","remaining":2,"until":"2026-01-01T00:00:00Z"}')), undefined);
  t.is(parseRateLimit(h('{"limit":5,"remaining":2,"until":"soon"}')), undefined);
  t.is(parseRateLimit(h('null')), undefined);
});

test('parsePagination needs all four headers', (t) => {
  const full = new Headers({
    'x-pagination-page': '1',
    'x-pagination-limit': '250',
    'x-pagination-page-count': '4',
    'x-pagination-item-count': '801',
  });
  t.deepEqual(parsePagination(full), { page: 1, limit: 250, pageCount: 4, itemCount: 801 });
  full.delete('x-pagination-item-count');
  t.is(parsePagination(full), undefined);
  t.is(parsePagination(new Headers({ 'x-pagination-page': 'x' })), undefined);
});

test('parseRetryAfter reads seconds (docs/trakt-api.md §2, #219) and, failing that, an HTTP date', (t) => {
  const now = Date.parse('2026-11-01T12:00:00Z');
  t.is(parseRetryAfter(new Headers({ 'retry-after': '300' }), now), 300_000);
  t.is(parseRetryAfter(new Headers({ 'retry-after': '1.5' }), now), 1500);
  t.is(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 12:00:30 GMT' }), now), 30_000);
  t.is(parseRetryAfter(new Headers({ 'retry-after': 'whenever' }), now), undefined);
  t.is(parseRetryAfter(new Headers(), now), undefined);
});

test('requestHeaders', (t) => {
  const headers = requestHeaders('id', undefined);
  t.is(headers.get('trakt-api-version'), '2');
  t.false(headers.has('authorization'));
  t.is(requestHeaders('id', 'tok').get('authorization'), 'Bearer tok');
});

test('displayPath keeps the query but hides secret-looking values, and drops OAuth queries', (t) => {
  t.is(
    displayPath('/sync/history', { page: 2, limit: 250, extended: undefined }),
    '/sync/history?page=2&limit=250',
  );
  t.is(
    displayPath('/users/me/history?start_at=2026-01-01', {
      access_token: 'abc',
      client_secret: 's',
      page: 1,
    }),
    '/users/me/history?start_at=2026-01-01&access_token=[redacted]&client_secret=[redacted]&page=1',
  );
  t.is(displayPath('/oauth/token?code=abc&refresh_token=def'), '/oauth/token');
  t.is(displayPath('/search/movie', { query: 'Amélie & co' }), '/search/movie?query=Am%C3%A9lie+%26+co');
});

test('scrub replaces known secrets wherever they appear', (t) => {
  t.is(scrub('token abcdef123 and abcdef123!', ['abcdef123']), 'token [redacted] and [redacted]!');
  // Very short values would mangle ordinary words; they are left alone.
  t.is(scrub('the end', ['e']), 'the end');
});
