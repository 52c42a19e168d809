// One esbuild setup for everything we run from TypeScript: the libs' path aliases resolved and inlined, npm packages
// left external (so OpenTelemetry can still patch them), CommonJS for Node 24 (the version package.json pins).
import { build } from 'esbuild';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './infra.mjs';

/** Bundles `entry` (relative to the repo root, or absolute) into `outfile`. */
export async function bundle(entry, outfile, { sourcemap = false, logLevel = 'error', metafile = false } = {}) {
  const result = await build({
    entryPoints: [isAbsolute(entry) ? entry : join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    packages: 'external',
    sourcemap,
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel,
    metafile,
  });
  return metafile ? result.metafile : outfile;
}

/** Bundles `entry` and runs it in this process with `argv` as its arguments. */
export async function runBundled(entry, outfile, argv = process.argv.slice(2), opts = {}) {
  await bundle(entry, outfile, opts);
  process.argv = [process.argv[0], outfile, ...argv];
  return import(pathToFileURL(outfile).href);
}
