#!/usr/bin/env node
// The operator CLI (`npm run ops -- <command>`): bundles libs/messaging's ops entry with esbuild, then runs it.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const outfile = join(root, 'dist', 'tools', 'ops', 'main.js');

await build({
  entryPoints: [join(root, 'libs', 'messaging', 'src', 'ops', 'main.ts')],
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
