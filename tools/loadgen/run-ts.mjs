#!/usr/bin/env node
// Runs a TypeScript entry of the tooling (loadgen, bench): bundled by esbuild with the libs' path aliases, npm
// packages left external, into .data/tools/, then executed in this process with the remaining arguments.
// usage: node tools/loadgen/run-ts.mjs <entry.ts> [args...]
import { build } from 'esbuild';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry?.endsWith('.ts')) {
  console.error('usage: node tools/loadgen/run-ts.mjs <entry.ts> [args...]');
  process.exit(2);
}
const outfile = join(root, '.data', 'tools', `${basename(resolve(entry, '..', '..'))}-${basename(entry, '.ts')}.cjs`);
await build({
  entryPoints: [resolve(root, entry)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'inline',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
