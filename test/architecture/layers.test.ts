import test from 'ava';
import { circles, readTree, type SourceFile } from './import-graph.ts';

/**
 * The layer rules of docs/architecture.md, checked on the import graph of
 * src/ and pipelines/ as TypeScript parses it. A rule broken names the file,
 * what it imports, and the rule; adding an arrow between folders means
 * adding it to MAY_IMPORT below, on purpose, with the docs.
 */

const tree = readTree();

/** The unit a file belongs to: its folder under src/ (`src/extract`), a file of src/ itself, or `pipelines`. */
function unitOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'pipelines') return 'pipelines';
  return parts.length === 2 ? path : `${parts[0]}/${parts[1]}`;
}

const GROUND = ['src/errors.ts', 'src/clock.ts', 'src/version.ts'];

/**
 * Which units each unit may import (besides its own files), from the
 * ground up; nothing imports upward. The data flows
 * http -> pipelines -> extract -> land -> normalize -> load -> models -> reports -> cli.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'src/errors.ts': [],
  'src/clock.ts': [],
  'src/version.ts': [],
  // Leaf helpers: `~` expansion and "did you mean", used from config, cli and reports.
  'src/home-path.ts': ['src/errors.ts'],
  'src/suggest.ts': [],
  'src/config.ts': ['src/errors.ts', 'src/home-path.ts', 'src/suggest.ts', 'src/http'],
  'src/simulator': [],
  'src/normalize': ['src/errors.ts'],
  'src/http': GROUND,
  'src/load': ['src/errors.ts', 'src/normalize'],
  'src/land': ['src/errors.ts', 'src/load'],
  'src/extract': ['src/errors.ts', 'src/normalize', 'src/load'],
  pipelines: ['src/extract', 'src/normalize'],
  'src/models': ['src/errors.ts', 'src/load'],
  'src/reports': [...GROUND, 'src/suggest.ts', 'src/load', 'src/models'],
  'src/doctor': [...GROUND, 'src/extract', 'src/normalize'],
  'src/import': [
    ...GROUND,
    'src/extract',
    'src/land',
    'src/load',
    'src/models',
    'src/normalize',
    'pipelines',
  ],
  'src/runs': [
    ...GROUND,
    'src/config.ts',
    'src/extract',
    'src/http',
    'src/land',
    'src/load',
    'src/models',
    'src/normalize',
    'pipelines',
  ],
  'src/html': [...GROUND, 'src/load', 'src/reports'],
  'src/export': [...GROUND, 'src/load', 'src/models', 'src/normalize', 'src/reports'],
  'src/restore': [
    ...GROUND,
    'src/config.ts',
    'src/extract',
    'src/http',
    'src/load',
    'src/models',
    'src/normalize',
    'src/reports',
    'src/runs',
    'pipelines',
  ],
  // The top: the commands wire everything, the simulator included (`traktdb simulator`, `demo`).
  'src/cli': ['*'],
};

/** Files of another unit that a unit may reach only in part: the rest of that unit is closed to it. */
const ONLY_THROUGH: {
  from: string;
  to: string;
  files: readonly string[];
  via?: readonly string[];
  why: string;
}[] = [
  {
    from: 'src/extract',
    to: 'src/load',
    files: ['src/load/contract.ts'],
    via: ['src/extract/ports.ts'],
    why: 'extract reaches the database only through its ports (ports.ts), which speak the load contract',
  },
  {
    from: 'src/import',
    to: 'src/extract',
    files: ['src/extract/events.ts'],
    why: 'the import reports progress in the extractor’s events and needs nothing else of it',
  },
  {
    from: 'src/config.ts',
    to: 'src/http',
    files: ['src/http/app-credentials.ts'],
    why: 'the stored client id and secret are one of the config’s sources; the rest of http is not its business',
  },
  {
    from: 'src/land',
    to: 'src/load',
    files: ['src/load/contract.ts'],
    why: 'the archive records loads in the load contract’s words and never touches the database',
  },
];

/** Packages each may be imported only by these units. */
const PACKAGE_HOMES: Record<string, readonly string[]> = {
  '@duckdb/node-api': ['src/load'],
  bottleneck: ['src/http'],
  'p-queue': ['src/extract'],
  yargs: ['src/cli'],
  'cli-progress': ['src/cli'],
  // The server side of the wire: the simulator serves HTTP; the client side is src/http's alone.
  'node:http': ['src/simulator'],
  'node:https': [],
  // src/http asks the API host for a bare TCP connection before a run (reachable.ts).
  'node:net': ['src/simulator', 'src/http'],
  'node:tls': [],
  'node:dgram': [],
  undici: [],
};

function violations(check: (file: SourceFile) => string[]): string[] {
  return tree.flatMap(check);
}

test('the tree is read whole', (t) => {
  t.true(tree.length > 200, `${tree.length} files`);
  const file = (path: string) => tree.find((f) => f.path === path);
  t.true(file('src/extract/runner.ts')?.packages.includes('p-queue'));
  t.true(file('src/extract/ports.ts')?.files.includes('src/load/contract.ts'), 'type-only imports count');
  t.true(file('src/cli/commands/doctor.ts')?.files.includes('src/runs/client.ts'), 'dynamic imports count');
  t.true(file('src/http/client.ts')?.globals.includes('globalThis.fetch'));
  t.false(file('src/runs/pull.ts')?.globals.includes('fetch'), '`typeof fetch` in a type is no use of it');
});

test('no import circles', (t) => {
  t.deepEqual(circles(tree), []);
});

test('every unit imports only the units beneath it that its layer allows', (t) => {
  const units = new Set(tree.map((f) => unitOf(f.path)));
  t.deepEqual(
    [...units].filter((unit) => MAY_IMPORT[unit] === undefined).sort(),
    [],
    'every unit has a rule',
  );
  const broken = violations((file) => {
    const from = unitOf(file.path);
    const allowed = MAY_IMPORT[from] ?? [];
    return file.files
      .filter((to) => unitOf(to) !== from && !allowed.includes('*') && !allowed.includes(unitOf(to)))
      .map(
        (to) =>
          `${file.path} imports ${to}: ${from} may import only ${allowed.join(', ') || 'its own files'}`,
      );
  });
  t.deepEqual(broken, []);
});

test('normalize imports nothing but src/errors.ts and its own files, and no package', (t) => {
  const broken = violations((file) =>
    unitOf(file.path) !== 'src/normalize'
      ? []
      : [
          ...file.files.filter((to) => unitOf(to) !== 'src/normalize' && to !== 'src/errors.ts'),
          ...file.packages,
        ].map((to) => `${file.path} imports ${to}: the normalizers are pure functions of Trakt's JSON`),
  );
  t.deepEqual(broken, []);
});

test('extract reaches the database only through its ports; the archive and the import reach only the contract and the events', (t) => {
  const broken = violations((file) => {
    const from = unitOf(file.path);
    return ONLY_THROUGH.filter((rule) => rule.from === from).flatMap((rule) =>
      file.files
        .filter((to) => unitOf(to) === rule.to)
        .filter((to) => !rule.files.includes(to) || (rule.via !== undefined && !rule.via.includes(file.path)))
        .map((to) => `${file.path} imports ${to}: ${rule.why}`),
    );
  });
  t.deepEqual(broken, []);
  const extract = tree.filter((f) => unitOf(f.path) === 'src/extract');
  t.deepEqual(
    extract.flatMap((f) => f.files.filter((to) => ['src/http', 'src/land'].includes(unitOf(to)))),
    [],
    'extract knows http and land only as its ports',
  );
});

test('the simulator imports nothing of the client side', (t) => {
  const broken = violations((file) =>
    unitOf(file.path) !== 'src/simulator'
      ? []
      : file.files
          .filter((to) => unitOf(to) !== 'src/simulator')
          .map((to) => `${file.path} imports ${to}: the simulator shares no code with what it tests`),
  );
  t.deepEqual(broken, []);
});

test('each package is imported only where it belongs: DuckDB in load, Bottleneck in http, p-queue in extract', (t) => {
  const broken = violations((file) =>
    file.packages
      .filter((name) => PACKAGE_HOMES[name] !== undefined && !PACKAGE_HOMES[name].includes(unitOf(file.path)))
      .map(
        (name) => `${file.path} imports ${name}: only ${PACKAGE_HOMES[name]?.join(', ') || 'nothing'} may`,
      ),
  );
  t.deepEqual(broken, []);
});

test('only src/http touches the network, and only src/cli prints', (t) => {
  const broken = violations((file) => {
    const unit = unitOf(file.path);
    return file.globals
      .filter((name) =>
        name.startsWith('console.') || name.startsWith('process.') ? unit !== 'src/cli' : unit !== 'src/http',
      )
      .map(
        (name) =>
          `${file.path} uses ${name}: ${name.includes('fetch') ? 'only src/http' : 'only src/cli'} may`,
      );
  });
  t.deepEqual(broken, []);
});
