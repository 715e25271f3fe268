import test from 'ava';
import { formatCsv, formatMarkdown, formatRows, formatTable } from '../../src/reports/format/index.ts';
import { truncate } from '../../src/reports/format/table.ts';
import type { ReportRow } from '../../src/reports/values.ts';

const columns = ['show_trakt_id', 'title', 'minutes', 'last_watched_at'];
const rows: ReportRow[] = [
  { show_trakt_id: 1, title: 'A', minutes: 5, last_watched_at: '2024-03-01T20:15:00.000Z' },
  { show_trakt_id: 12345, title: null, minutes: 1200, last_watched_at: null },
];

test('table: numbers right-aligned, headers wrapped at underscores, instants shortened, nulls blank', (t) => {
  t.is(
    formatTable(columns, rows),
    [
      ' show',
      'trakt',
      '   id  title  minutes  last_watched_at',
      '-----  -----  -------  -----------------',
      '    1  A            5  2024-03-01 20:15Z',
      '12345            1200',
      '',
    ].join('\n'),
  );
});

test('table: long titles are cut with an ellipsis so the table fits the width', (t) => {
  const long: ReportRow[] = [
    {
      show_trakt_id: 1,
      title: 'The Extraordinarily Long and Winding Title of a Show That Never Ends, Season After Season',
      minutes: 10,
      last_watched_at: '2024-03-01T20:15:00.000Z',
    },
  ];
  const text = formatTable(columns, [...long, ...long]);
  const lines = text.trimEnd().split('\n');
  for (const line of lines) t.true(line.length <= 80, line);
  t.regex(lines[4] ?? '', /The Extraordinarily Long.*… {2,}10 {2}2024-03-01 20:15Z$/);
});

test('table: wide characters count double and are never split', (t) => {
  t.is(truncate('千と千尋の神隠し', 7), '千と千…');
  t.is(truncate('Amélie 🎬 Poulain', 10), 'Amélie 🎬…');
  t.is(truncate('Amélie 🎬 Poulain', 9), 'Amélie …'); // the emoji is two columns wide
  t.is(truncate('short', 9), 'short');
  const table = formatTable(
    ['title', 'plays'],
    [
      { title: '千と千尋', plays: 1 },
      { title: 'Up', plays: 22 },
    ],
  );
  t.is(table, 'title     plays\n--------  -----\n千と千尋      1\nUp           22\n');
});

test('table: one wide row turns into name/value lines; no rows says so', (t) => {
  const wide = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`a_fairly_long_column_${i}`, i]));
  const text = formatTable(Object.keys(wide), [wide]);
  t.true(text.startsWith('column                   value\n'));
  t.regex(text, /^a_fairly_long_column_11 {2}11$/m);
  t.is(formatTable(['genre', 'plays'], []), 'genre  plays\n-----  -----\n(no rows)\n');
});

test('csv: RFC 4180 quoting; null is an empty field, the empty string is ""', (t) => {
  const text = formatCsv(
    ['title', 'n', 'tags'],
    [
      { title: 'Crouching Tiger, Hidden Dragon', n: 1, tags: ['a', 'b'] },
      { title: 'The "Quoted"\nMovie', n: null, tags: null },
      { title: '', n: 0, tags: [] },
    ],
  );
  t.is(
    text,
    'title,n,tags\n"Crouching Tiger, Hidden Dragon",1,"[""a"",""b""]"\n"The ""Quoted""\nMovie",,\n"",0,[]\n',
  );
});

test('markdown: pipes escaped, line breaks flattened, numeric columns right-aligned', (t) => {
  t.is(
    formatMarkdown(['title', 'plays'], [{ title: 'A | B\nC', plays: 2 }]),
    '| title | plays |\n| --- | ---: |\n| A \\| B C | 2 |\n',
  );
});

test('json: an array of row objects in column order', (t) => {
  const text = formatRows('json', ['b', 'a'], [{ b: 1, a: 'x' }]);
  t.is(text, '[\n  {\n    "b": 1,\n    "a": "x"\n  }\n]\n');
});
