#!/usr/bin/env node
// Bundles one app (its libs included, npm packages left external) into dist/<app>/main.js.
// With --image <dir> (the Dockerfile's build stage): also lays out what the image runs in <dir>: the bundle, main.js
// that starts it,
// the production node_modules of the packages it imports (scripts/lib/prod-deps.mjs) and the writable .data folders.
import { mkdirSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle } from './lib/bundle.mjs';
import { root } from './lib/infra.mjs';
import { copyClosure, externalPackages, productionClosure } from './lib/prod-deps.mjs';

const [project, flag, imageDir] = process.argv.slice(2);
if (!project?.startsWith('apps/') || (flag !== undefined && (flag !== '--image' || !imageDir))) {
  console.error('usage: node scripts/build.mjs apps/<name> [--image <dir>]');
  process.exit(2);
}

const outfile = join(root, 'dist', project, 'main.js');
const metafile = await bundle(join(project, 'src', 'main.ts'), outfile, {
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
console.log(`built dist/${project}/main.js`);

if (imageDir) {
  // The operator CLI (tools/ops; scripts/ops.mjs) rides along as the image's second entry: node dist/ops/main.js.
  const ops = await bundle('tools/ops/src/main.ts', join(imageDir, 'dist', 'ops', 'main.js'), {
    metafile: true,
  });
  const packages = [...new Set([...externalPackages(metafile), ...externalPackages(ops)])].sort();
  const folders = productionClosure(root, packages);
  mkdirSync(join(imageDir, 'dist', project), { recursive: true });
  cpSync(join(root, 'dist', project, 'main.js'), join(imageDir, 'dist', project, 'main.js'));
  // The image's CMD is `node main.js` for every service (one Dockerfile): this file names the app's bundle.
  writeFileSync(join(imageDir, 'main.js'), `require('./dist/${project}/main.js');\n`);
  copyClosure(root, folders, imageDir);
  for (const dir of ['keys', 'mail']) mkdirSync(join(imageDir, '.data', dir), { recursive: true });
  console.log(`image layout in ${imageDir}: ${packages.length} imported packages, ${folders.length} package folders`);
}
