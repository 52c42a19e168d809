#!/usr/bin/env node
// Bundles the messaging benchmark with esbuild (like the apps) and runs it against AMQP_URL and MONGO_URL.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', '..', '..');
const outfile = join(root, 'dist', 'tools', 'messaging-bench', 'main.js');
await build({
  entryPoints: [join(import.meta.dirname, 'bench.main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'error',
});
await import(pathToFileURL(outfile).href);
