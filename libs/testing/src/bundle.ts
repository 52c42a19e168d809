import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

function repoRootOf(file: string): string {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.base.json'))) return dir;
  }
  throw new Error(`${file} is not inside the repository`);
}

/**
 * Bundles a TypeScript entry (a service's main.ts, a test fixture) as scripts/build.mjs bundles an app: the libs
 * inlined, npm packages external. The bundle goes to a fresh folder under the repo's `.data/` (named `<name>-…`), so
 * its packages resolve from the workspace's node_modules. Returns the bundle's path, to run with `node`.
 */
export async function bundleEntry(entry: string, name: string): Promise<string> {
  const root = repoRootOf(entry);
  mkdirSync(join(root, '.data'), { recursive: true });
  const outfile = join(mkdtempSync(join(root, '.data', `${name}-`)), 'main.js');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'error',
  });
  return outfile;
}
