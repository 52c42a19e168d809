// The production node_modules of one bundle: the npm packages it imports (esbuild leaves them external) and,
// transitively, what they depend on, copied from an installed node_modules at the same paths, so Node resolves
// each one exactly as it did in the full install. An image gets these and nothing else of the workspace's.
import { builtinModules } from 'node:module';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const builtins = new Set(builtinModules);

/** The package names a bundle imports, from esbuild's metafile (`fastify`, `@fastify/otel`, not `node:fs`). */
export function externalPackages(metafile) {
  const names = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || path.startsWith('.') || builtins.has(path.split('/')[0])) continue;
      const parts = path.split('/');
      names.add(path.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
    }
  }
  return [...names].sort();
}

// Node's lookup: <from>/node_modules/<name>, then each parent's, up to the root's.
function resolvePackage(root, from, name) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || !dir.startsWith(root)) return undefined;
  }
}

/** Package folders (relative to root) that `names` need at run time: dependencies, optional and peer ones found. */
export function productionClosure(root, names) {
  const found = new Set();
  const pending = names.map((name) => ({ from: root, name, required: true }));
  while (pending.length > 0) {
    const { from, name, required } = pending.pop();
    const dir = resolvePackage(root, from, name);
    if (!dir) {
      if (required) throw new Error(`${name} (needed by ${relative(root, from) || 'the bundle'}) is not installed`);
      continue;
    }
    const rel = relative(root, dir);
    if (found.has(rel)) continue;
    found.add(rel);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {}))
      pending.push({ from: dir, name: dep, required: !(dep in (pkg.optionalDependencies ?? {})) });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {}))
      pending.push({ from: dir, name: dep, required: false });
    for (const dep of Object.keys(pkg.peerDependencies ?? {})) pending.push({ from: dir, name: dep, required: false });
  }
  return [...found].sort();
}

// Never loaded by `require` at run time: type declarations, source maps, docs; and the ES-module builds that
// packages such as OpenTelemetry's ship beside their CommonJS one (the bundle is CommonJS, so `require` picks the
// `require`/`main` build; a folder is dropped only when `main` does not point into it).
const NOT_RUN = /\.(d\.ts|d\.mts|d\.cts|map|md|markdown|ts|mts|cts)$|\.(test|spec)\.[cm]?js$/i;
const ESM_BUILDS = ['build/esm', 'build/esnext', 'dist/esm'];
// A package's own tests, examples and benchmarks (fixtures such as test keys among them) at its root.
const NOT_RUN_DIRS = [
  'test',
  'tests',
  '__tests__',
  'example',
  'examples',
  'benchmark',
  'benchmarks',
  'bench',
  'docs',
  '.github',
];

/** Copies each package folder of the closure to <target>/<same path>, without its nested node_modules. */
export function copyClosure(root, folders, target) {
  for (const rel of folders) {
    const dir = join(root, rel);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const main = join(dir, pkg.main ?? 'index.js');
    const dropped = [...ESM_BUILDS, ...NOT_RUN_DIRS]
      .map((sub) => join(dir, sub))
      .filter((sub) => !main.startsWith(`${sub}/`));
    cpSync(dir, join(target, rel), {
      recursive: true,
      filter: (src) =>
        src === dir || (!relative(dir, src).startsWith('node_modules') && !NOT_RUN.test(src) && !dropped.includes(src)),
    });
  }
}
