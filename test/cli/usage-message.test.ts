import test from 'ava';
import { usageSentence } from '../../src/cli/usage-message.ts';

const DECLARED = ['auth', 'backup', 'query <sql>', 'report [name]', 'export'];

const CASES: [string, string[], string][] = [
  ['Unknown argument: bogus', ['bogus'], 'Unknown command "bogus"; see `traktdb --help`.'],
  [
    'Unknown arguments: x, y',
    ['backup', 'x', 'y'],
    'Unexpected arguments "x", "y" for `traktdb backup`; see `traktdb backup --help`.',
  ],
  [
    'Unknown arguments: fast, now',
    ['backup', '--fast', 'now'],
    'Unknown option --fast and unexpected argument "now" for `traktdb backup`; see `traktdb backup --help`.',
  ],
  ['Unknown argument: x', ['backup', '-x'], 'Unknown option -x; see `traktdb backup --help`.'],
  ['Unknown argument: fast', ['backup', '--fast=yes'], 'Unknown option --fast; see `traktdb backup --help`.'],
  [
    'Did you mean backup?',
    ['backpu'],
    'Unknown command "backpu" (did you mean `traktdb backup`?); see `traktdb --help`.',
  ],
  [
    'Not enough arguments following: db',
    ['backup', '--db'],
    '--db needs a value; see `traktdb backup --help`.',
  ],
  [
    'Missing argument values: db, archive',
    ['backup'],
    '--db, --archive need values; see `traktdb backup --help`.',
  ],
  [
    'Invalid values:\n  Argument: log-format, Given: "xml", Choices: "text", "json"\n  Argument: by, Given: "hour", Choices: "year", "month"',
    ['report', 'x'],
    '--log-format must be one of text, json, not "xml"; --by must be one of year, month, not "hour"; see `traktdb report --help`.',
  ],
  [
    'Missing required argument: out',
    ['export'],
    '--out is required by `traktdb export`; see `traktdb export --help`.',
  ],
  [
    'Missing required argument: sql',
    ['query'],
    '<sql> is required by `traktdb query`; see `traktdb query --help`.',
  ],
  [
    'Not enough non-option arguments: got 0, need at least 1',
    ['query'],
    '`traktdb query` needs <sql>; see `traktdb query --help`.',
  ],
  [
    'Not enough non-option arguments: got 0, need at least 1',
    ['backup'],
    'Too few arguments (0 given, at least 1 needed); see `traktdb backup --help`.',
  ],
  [
    'Too many non-option arguments: got 3, maximum of 1',
    ['report', 'a', 'b'],
    'Too many arguments (3 given, at most 1 allowed); see `traktdb report --help`.',
  ],
  [
    'Arguments full and every are mutually exclusive',
    ['backup'],
    '--full and --every cannot be used together; see `traktdb backup --help`.',
  ],
  ['Something\n  yargs   said:', [], 'Something yargs said; see `traktdb --help`.'],
  // traktdb's own messages (demandCommand) are sentences already and pass through.
  ['Name a command; `traktdb --help` lists them.', [], 'Name a command; `traktdb --help` lists them.'],
];

test('every yargs message becomes one sentence that names the flag and the help to read', (t) => {
  for (const [message, argv, expected] of CASES)
    t.is(usageSentence(message, argv, DECLARED), expected, message);
});

test('the sentence is always one line', (t) => {
  for (const [message, argv] of CASES)
    t.false(usageSentence(message, argv, DECLARED).includes('\n'), message);
});
