#!/usr/bin/env node
// `npm run asyncapi`: writes docs/asyncapi.yaml from the event schemas in libs/contracts.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const outfile = join(root, 'dist', 'tools', 'asyncapi', 'main.js');

await build({
  entryPoints: [join(root, 'libs', 'contracts', 'src', 'asyncapi', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'error',
});
process.argv[2] = join(root, 'docs', 'asyncapi.yaml');
await import(pathToFileURL(outfile).href);
