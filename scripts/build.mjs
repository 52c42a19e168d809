#!/usr/bin/env node
// Bundles one app (its libs included, npm packages left external) into dist/<app>/main.js.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const project = process.argv[2];
if (!project?.startsWith('apps/')) {
  console.error('usage: node scripts/build.mjs apps/<name>');
  process.exit(2);
}

await build({
  entryPoints: [join(root, project, 'src', 'main.ts')],
  outfile: join(root, 'dist', project, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
console.log(`built dist/${project}/main.js`);
