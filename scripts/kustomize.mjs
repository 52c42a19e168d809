#!/usr/bin/env node
// kustomize, pinned in tools/kustomize/go.mod (checksums in its go.sum), built from the Go module proxy into
// .tools/bin/kustomize; the deploy tests render deploy/k8s with it. Usage: node scripts/kustomize.mjs install|build <dir>
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, root } from './lib/infra.mjs';

const moduleDir = join(root, 'tools', 'kustomize');
export const KUSTOMIZE_BIN = join(root, '.tools', 'bin', 'kustomize');

function pinnedVersion() {
  const match = /sigs\.k8s\.io\/kustomize\/kustomize\/v5 (v[0-9.]+)/.exec(
    readFileSync(join(moduleDir, 'go.mod'), 'utf8'),
  );
  if (!match) throw new Error('tools/kustomize/go.mod does not pin sigs.k8s.io/kustomize/kustomize/v5');
  return match[1];
}

export function installKustomize() {
  const version = pinnedVersion();
  if (existsSync(KUSTOMIZE_BIN) && execFileSync(KUSTOMIZE_BIN, ['version'], { encoding: 'utf8' }).trim() === version)
    return KUSTOMIZE_BIN;
  log('kustomize', `building kustomize ${version} (first time only; about a minute)`);
  execFileSync('go', ['build', '-o', KUSTOMIZE_BIN, 'sigs.k8s.io/kustomize/kustomize/v5'], {
    cwd: moduleDir,
    stdio: 'inherit',
  });
  return KUSTOMIZE_BIN;
}

const [command, dir] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  if (command === 'install') console.log(installKustomize());
  else if (command === 'build' && dir)
    process.stdout.write(execFileSync(installKustomize(), ['build', dir], { encoding: 'utf8' }));
  else {
    console.error('usage: node scripts/kustomize.mjs install|build <dir>');
    process.exit(2);
  }
}
