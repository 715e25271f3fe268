#!/usr/bin/env node
// The published entry point runs the TypeScript sources through tsx, so a
// checkout works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
