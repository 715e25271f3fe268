import test from 'ava';
import { isNormalizerName, NORMALIZERS, normalizerNamed } from '../../src/normalize/registry.ts';
import { isoDate, isoTimestamp } from '../../src/normalize/time.ts';
import { hiddenShow, listItems } from './fixtures.ts';

test('every registered normalizer is found by its own name, and only those', (t) => {
  for (const [name, normalizer] of Object.entries(NORMALIZERS)) t.is(normalizerNamed(name), normalizer);
  t.true(isNormalizerName('history'));
  t.false(isNormalizerName('toString'));
  t.throws(() => normalizerNamed('nope'), { message: "no normalizer named 'nope'" });
});

test('list_items and hidden take their list id and section from the context', (t) => {
  const ctx = { source: 'GET /users/me/lists/55/items', index: 0, listTraktId: 55 };
  t.like(NORMALIZERS.list_items.normalize(listItems[0], ctx).list_items?.[0], {
    list_trakt_id: 55,
    list_item_id: 101,
  });
  t.like(
    NORMALIZERS.hidden.normalize(hiddenShow, { source: 'x', index: 0, section: 'calendar' })
      .hidden_items?.[0],
    {
      section: 'calendar',
      trakt_id: 48,
    },
  );
  t.throws(() => NORMALIZERS.list_items.normalize(listItems[0], { source: 'GET /x', index: 0 }), {
    message: 'normalizer for GET /x needs ctx.listTraktId; the resource catalog must supply it',
  });
});

test('isoTimestamp: canonical, offsets, bare dates, and invalid values', (t) => {
  t.is(isoTimestamp('2014-09-01T09:10:11.000Z'), '2014-09-01T09:10:11.000Z');
  t.is(isoTimestamp('2014-09-01T09:10:11Z'), '2014-09-01T09:10:11.000Z');
  t.is(isoTimestamp('2014-09-01'), '2014-09-01T00:00:00.000Z');
  t.is(isoTimestamp('2014-09-01T01:10:11-08:00'), '2014-09-01T09:10:11.000Z');
  t.is(isoTimestamp('2024-02-29T00:00:00.000Z'), '2024-02-29T00:00:00.000Z');
  t.is(isoTimestamp('2023-02-29T00:00:00.000Z'), null);
  t.is(isoTimestamp('2014-09-01T24:00:00.000Z'), null);
  t.is(isoTimestamp('0000-01-01T00:00:00.000Z'), null);
  t.is(isoTimestamp('0001-01-01T00:30:00+01:00'), null);
  t.is(isoTimestamp('1410000000'), null);
  t.is(isoTimestamp(''), null);
  t.is(isoTimestamp('+275760-09-13T00:00:00.000Z'), null);
});

test('isoDate: dates, and timestamps reduced to their UTC date', (t) => {
  t.is(isoDate('2010-12-16'), '2010-12-16');
  t.is(isoDate('2010-12-16T23:30:00-02:00'), '2010-12-17');
  t.is(isoDate('2010-13-01'), null);
  t.is(isoDate('soon'), null);
});
