import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root } from './deploy-compose';

interface Rule {
  alert: string;
  expr: string;
  labels: { severity: string };
  annotations: Record<string, string>;
}

const monitoring = join(root, 'deploy', 'k8s', 'monitoring');
const groups = (
  parse(readFileSync(join(monitoring, 'prometheusrule.yaml'), 'utf8')) as { spec: { groups: Array<{ rules: Rule[] }> } }
).spec.groups;
const rules = groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(readFileSync(join(monitoring, 'dashboard.json'), 'utf8')) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
};

// Every metric name the code registers (prom-client `name: '…'` or the messaging counter helper's first argument).
function registeredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'test' && entry.name !== 'node_modules') walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/(?:name: |counter\(registry, )'([a-z_]+)'/g))
          names.add(match[1] ?? '');
      }
    }
  };
  walk(join(root, 'libs'));
  walk(join(root, 'apps'));
  return names;
}

// The metric names an expression reads: identifiers followed by `{`, `[` or `)`, minus grouping labels and functions.
function metricsOf(expr: string): string[] {
  const words = new Set(['sum', 'max', 'min', 'rate', 'increase', 'changes', 'histogram_quantile']);
  const withoutGrouping = expr.replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...withoutGrouping.matchAll(/\b([a-z_][a-z0-9_]*)\s*(?=[{[)])/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !words.has(name));
}

describe('alerts and the dashboard', () => {
  it('when promtool checks the rules and runs their unit tests, then both pass', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'alerts.mjs'), 'test'], {
      cwd: root,
      encoding: 'utf8',
    });
    console.log(run.stdout);
    expect(run.stdout).toContain('SUCCESS: 9 rules found');
    expect(run.status).toBe(0);
  });

  it('when the rules are listed, then they cover backlog age, dead letters, retries, unroutable events, 5xx, p99 and readiness flapping, each with a severity', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'ShopwireOutboxBacklogOld',
        'ShopwireDeadLetters',
        'ShopwireRetryRateHigh',
        'ShopwireUnroutableEvents',
        'ShopwireHttp5xxRate',
        'ShopwireHttpP99LatencyHigh',
        'ShopwireReadinessFlapping',
      ]),
    );
    for (const rule of rules)
      expect({
        alert: rule.alert,
        severity: ['warning', 'critical'].includes(rule.labels.severity),
        summary: Boolean(rule.annotations.summary),
      }).toEqual({ alert: rule.alert, severity: true, summary: true });
  });

  it('when a rule or a panel reads a metric, then the services register it (or kube-state-metrics exports it)', () => {
    const known = registeredMetrics();
    const exprs = [
      ...rules.map((rule) => rule.expr),
      ...dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr)),
    ];
    const read = new Set(exprs.flatMap(metricsOf).map((name) => name.replace(/_(bucket|count|sum)$/, '')));
    expect(read.size).toBeGreaterThan(8);
    expect([...read].filter((name) => !known.has(name) && !name.startsWith('kube_'))).toEqual([]);
    // The check can fail: a misspelt metric is caught.
    expect(metricsOf('rate(shopwire_events_dead_letterd_total[5m])').filter((name) => !known.has(name))).toEqual([
      'shopwire_events_dead_letterd_total',
    ]);
  });

  it('when the dashboard is loaded, then every alert expression has a panel showing it', () => {
    const shown = dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr.replace(/\s+/g, ' ')));
    for (const rule of rules) {
      const base = rule.expr
        .replace(/\s+/g, ' ')
        .replace(/\s*(>|==)\s*[0-9.]+\s*$/, '')
        .trim();
      expect({ alert: rule.alert, shown: shown.includes(base) }).toEqual({ alert: rule.alert, shown: true });
    }
  });

  it('when deploy/k8s/monitoring is built, then kubeconform strict passes the PrometheusRule and the dashboard ConfigMap', () => {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'kustomize.mjs'), 'build', monitoring], {
      encoding: 'utf8',
    });
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'kubeconform.mjs'), '-'], {
      input: build.stdout,
      encoding: 'utf8',
      cwd: root,
    });
    expect(JSON.parse(run.stdout).summary).toEqual({ valid: 2, invalid: 0, errors: 0, skipped: 0 });
  });
});
