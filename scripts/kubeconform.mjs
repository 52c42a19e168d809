#!/usr/bin/env node
// kubeconform, pinned in tools/kubeconform/go.mod, built from the Go module proxy into .tools/bin; validates
// manifests strictly against the schemas shipped in deploy/k8s/schemas (tools/k8s-schemas/generate.mjs): no network,
// a kind without a schema is an error.
//   node scripts/kubeconform.mjs install
//   node scripts/kubeconform.mjs <file.yaml|dir|->…          (kustomize build … | node scripts/kubeconform.mjs -)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/infra.mjs';

const moduleDir = join(root, 'tools', 'kubeconform');
export const KUBECONFORM_BIN = join(root, '.tools', 'bin', 'kubeconform');
export const K8S_VERSION = /K8S_VERSION = '([0-9.]+)'/.exec(
  readFileSync(join(root, 'tools', 'k8s-schemas', 'generate.mjs'), 'utf8'),
)?.[1];
const SCHEMA_LOCATION = join(
  root,
  'deploy',
  'k8s',
  'schemas',
  '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}',
  '{{ .ResourceKind }}{{ .KindSuffix }}.json',
);

export function installKubeconform() {
  const version = /github\.com\/yannh\/kubeconform (v[0-9.]+)/.exec(
    readFileSync(join(moduleDir, 'go.mod'), 'utf8'),
  )?.[1];
  const stamp = `${KUBECONFORM_BIN}.version`;
  if (existsSync(KUBECONFORM_BIN) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version)
    return KUBECONFORM_BIN;
  // stderr: stdout carries the validation report.
  process.stderr.write(`[kubeconform] building kubeconform ${version} (first time only)\n`);
  execFileSync('go', ['build', '-o', KUBECONFORM_BIN, 'github.com/yannh/kubeconform/cmd/kubeconform'], {
    cwd: moduleDir,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  writeFileSync(stamp, version);
  return KUBECONFORM_BIN;
}

/** Strict validation; `input` is YAML for stdin when the only path is '-'. Returns kubeconform's exit code and JSON. */
export function kubeconform(paths, input) {
  const run = spawnSync(
    installKubeconform(),
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-kubernetes-version',
      K8S_VERSION,
      '-schema-location',
      SCHEMA_LOCATION,
      ...paths,
    ],
    { input, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
  );
  return { status: run.status, report: run.stdout ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === 'install') console.log(installKubeconform());
  else if (args.length > 0) {
    const { status, report, stderr } = kubeconform(args, args.includes('-') ? readFileSync(0, 'utf8') : undefined);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(stderr ?? '');
    process.exit(status ?? 1);
  } else {
    console.error('usage: node scripts/kubeconform.mjs install | <file|dir|->…');
    process.exit(2);
  }
}
