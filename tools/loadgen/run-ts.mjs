#!/usr/bin/env node
// Runs a TypeScript entry of the tooling (loadgen, bench, faults): bundled into .data/tools/ like the apps are, then
// executed in this process with the remaining arguments.
// usage: node tools/loadgen/run-ts.mjs <entry.ts, relative to the repo root> [args...]
import { basename, dirname, join } from 'node:path';
import { runBundled } from '../../scripts/lib/bundle.mjs';
import { root } from '../../scripts/lib/infra.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry?.endsWith('.ts')) {
  console.error('usage: node tools/loadgen/run-ts.mjs <entry.ts> [args...]');
  process.exit(2);
}
const outfile = join(
  root,
  '.data',
  'tools',
  `${basename(dirname(dirname(join(root, entry))))}-${basename(entry, '.ts')}.cjs`,
);
await runBundled(entry, outfile, args, { sourcemap: 'inline', logLevel: 'warning' });
