#!/usr/bin/env node
// Bundles one app (its libs included, npm packages left external) into dist/<app>/main.js.
import { join } from 'node:path';
import { bundle } from './lib/bundle.mjs';
import { root } from './lib/infra.mjs';

const project = process.argv[2];
if (!project?.startsWith('apps/')) {
  console.error('usage: node scripts/build.mjs apps/<name>');
  process.exit(2);
}

await bundle(join(project, 'src', 'main.ts'), join(root, 'dist', project, 'main.js'), { sourcemap: true, logLevel: 'warning' });
console.log(`built dist/${project}/main.js`);
