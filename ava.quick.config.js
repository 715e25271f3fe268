import { readFileSync } from 'node:fs';

/**
 * `npm run test:quick`: the inner loop (docs/testing.md). Unit and property tests only: no CLI
 * process, no crash trial, no end-to-end backup of a typical account, no browser. The same
 * settings as the whole suite (package.json "ava"), on fewer files.
 */
const base = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).ava;

export default {
  ...base,
  files: [
    'test/{architecture,bench,extract,http,load,models,normalize,pipelines,reports,simulator}/**/*.test.ts',
    'test/runs/chunk-plan.test.ts',
    'test/restore/{apply,plan}.test.ts',
    'test/import/classify.test.ts',
    'test/cli/usage-message.test.ts',
    'test/html/pages.test.ts',
    // Spawns the CLI (a second process opening the database) / measures rows per second.
    '!test/load/{open,throughput}.test.ts',
  ],
};
