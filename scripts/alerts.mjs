#!/usr/bin/env node
// The alert rules of deploy/k8s/monitoring/prometheusrule.yaml, checked and unit-tested with promtool (Debian's
// `prometheus` package, installed here when missing).
//   node scripts/alerts.mjs install   promtool from Debian's packages (nothing when present)
//   node scripts/alerts.mjs rules     the PrometheusRule's groups as a plain Prometheus rules file
//   node scripts/alerts.mjs test      promtool check rules + promtool test rules deploy/k8s/monitoring/alerts.test.yaml
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { log, root } from './lib/infra.mjs';

const dir = join(root, 'deploy', 'k8s', 'monitoring');

export function installPromtool() {
  if (spawnSync('sh', ['-c', 'command -v promtool'], { stdio: 'ignore' }).status === 0) return;
  log('alerts', 'installing promtool (Debian package prometheus)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { stdio: 'inherit', env });
}

export function rulesFile() {
  const rule = parse(readFileSync(join(dir, 'prometheusrule.yaml'), 'utf8'));
  return stringify({ groups: rule.spec.groups });
}

/** promtool check rules, then promtool test rules; returns the exit code and what promtool printed. */
export function testAlerts() {
  installPromtool();
  const work = mkdtempSync(join(tmpdir(), 'shopwire-alerts-'));
  try {
    writeFileSync(join(work, 'shopwire.rules.yaml'), rulesFile());
    copyFileSync(join(dir, 'alerts.test.yaml'), join(work, 'alerts.test.yaml'));
    const check = spawnSync('promtool', ['check', 'rules', 'shopwire.rules.yaml'], { cwd: work, encoding: 'utf8' });
    if (check.status !== 0) return { status: check.status ?? 1, output: `${check.stdout}${check.stderr}` };
    const test = spawnSync('promtool', ['test', 'rules', 'alerts.test.yaml'], { cwd: work, encoding: 'utf8' });
    return { status: test.status ?? 1, output: `${check.stdout}${check.stderr}${test.stdout}${test.stderr}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command] = process.argv.slice(2);
  if (command === 'install') installPromtool();
  else if (command === 'rules') process.stdout.write(rulesFile());
  else if (command === 'test') {
    const { status, output } = testAlerts();
    process.stdout.write(output);
    process.exit(status);
  } else {
    console.error('usage: node scripts/alerts.mjs install | rules | test');
    process.exit(2);
  }
}
