import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { APPS, root, type App } from './deploy-compose';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are read as plain data
  data?: Record<string, string>;
}

interface Conformance {
  status: number;
  summary: { valid: number; invalid: number; errors: number; skipped: number };
  messages: string[];
}

const CONSUMER_QUEUES: Partial<Record<App, string>> = {
  'catalog-service': 'catalog.events',
  'order-service': 'order.events',
  'notification-service': 'notification.events',
  'webhook-service': 'webhook.events',
  'recommendation-service': 'recommendation.events',
};
const DATABASES: Partial<Record<App, string>> = {
  'user-service': 'users-mongo',
  'catalog-service': 'catalog-mongo',
  'order-service': 'orders-mongo',
  'notification-service': 'notifications-mongo',
  'webhook-service': 'webhooks-mongo',
  'recommendation-service': 'recommendations-mongo',
};
const KUSTOMIZATIONS = ['base', 'overlays/local', 'overlays/production'] as const;

// kustomize from tools/kustomize/go.mod, built into .tools/bin by scripts/kustomize.mjs when missing.
function renderYaml(kustomization: string): string {
  const run = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'kustomize.mjs'), 'build', join(root, 'deploy', 'k8s', kustomization)],
    { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`kustomize build ${kustomization} failed:\n${run.stderr}`);
  return run.stdout;
}

function render(kustomization: string): K8sObject[] {
  return parseAllDocuments(renderYaml(kustomization)).map((doc) => doc.toJS() as K8sObject);
}

// kubeconform -strict against the schemas in deploy/k8s/schemas (scripts/kubeconform.mjs; no network, no skips).
function conform(yaml: string): Conformance {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'kubeconform.mjs'), '-'], {
    input: yaml,
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 32 * 1024 * 1024,
  });
  const report = JSON.parse(run.stdout) as { resources: Array<{ msg: string }>; summary: Conformance['summary'] };
  return { status: run.status ?? -1, summary: report.summary, messages: report.resources.map((r) => r.msg) };
}

// JSON documents: YAML 1.1 readers (kubeconform's) would take an unquoted `no` for a boolean.
const toYaml = (objects: unknown[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('kubeconform, strict, on schemas generated offline', () => {
  it.each([...KUSTOMIZATIONS, ...APPS.map((app) => `base/${app}`)])(
    'when %s is built, then every object is valid and none goes unchecked',
    (kustomization) => {
      const yaml = renderYaml(kustomization);
      const result = conform(yaml);
      expect(result.messages).toEqual([]);
      expect(result.summary).toEqual({ valid: parseAllDocuments(yaml).length, invalid: 0, errors: 0, skipped: 0 });
      expect(result.status).toBe(0);
    },
  );

  // The four mistakes a review made by hand; a lenient validator passed the first three.
  const BROKEN: Array<[string, (objects: K8sObject[]) => void, RegExp]> = [
    [
      'a readinessProbe spelled readinesProbe',
      (o) =>
        Object.assign(find(o, 'Deployment', 'order-service')?.spec?.template.spec.containers[0], {
          readinesProbe: { httpGet: { path: '/health/ready', port: 'http' } },
        }),
      /readinesProbe/,
    ],
    [
      'spec.replica for spec.replicas',
      (o) => Object.assign(find(o, 'Deployment', 'order-service')?.spec ?? {}, { replica: 2 }),
      /replica/,
    ],
    [
      'averageUtilisation in an HPA target',
      (o) =>
        Object.assign(find(o, 'HorizontalPodAutoscaler', 'api-gateway')?.spec?.metrics[0].resource.target, {
          averageUtilisation: 70,
        }),
      /averageUtilisation/,
    ],
    [
      'minReplicaCount: "two" in a ScaledObject',
      (o) => Object.assign(find(o, 'ScaledObject', 'order-service')?.spec ?? {}, { minReplicaCount: 'two' }),
      /want integer/,
    ],
  ];
  it.each(BROKEN)('when a manifest has %s, then kubeconform fails it', (_name, breakIt, message) => {
    const objects = render('base');
    breakIt(objects);
    const result = conform(toYaml(objects));
    expect(result.status).not.toBe(0);
    expect(result.summary.invalid).toBe(1);
    expect(result.messages.join('\n')).toMatch(message);
  });
});

describe.each(APPS)('%s built alone (kustomize build deploy/k8s/base/<service>)', (app) => {
  it('when rendered, then every ConfigMap its Deployment reads is in the same build and holds the shared settings', () => {
    const objects = render(`base/${app}`);
    const container = find(objects, 'Deployment', app)?.spec?.template.spec.containers[0];
    const names: string[] = container.envFrom.map(
      (source: { configMapRef: { name: string } }) => source.configMapRef.name,
    );
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
      expect({ name, found: Boolean(configMap) }).toEqual({ name, found: true });
    }
    const settings = Object.assign({}, ...names.map((name) => objects.find((o) => o.metadata.name === name)?.data));
    expect(settings).toMatchObject({ SHUTDOWN_GRACE_MS: '10000', HOST: '0.0.0.0', JWT_ISSUER: 'shopwire' });
  });
});

describe.each(KUSTOMIZATIONS)('the Kubernetes manifests (%s)', (kustomization) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(kustomization);
  });

  it('when a pod of a service is stopped, then it leaves the endpoints first and has time for SHUTDOWN_GRACE_MS', () => {
    for (const app of APPS) {
      const pod = find(objects, 'Deployment', app)?.spec?.template.spec;
      const container = pod.containers[0];
      const settings = Object.assign(
        {},
        ...container.envFrom.map(
          (source: { configMapRef: { name: string } }) =>
            objects.find((o) => o.metadata.name === source.configMapRef.name)?.data,
        ),
      );
      const preStop = container.lifecycle?.preStop?.sleep?.seconds as number;
      const grace = Number(settings.SHUTDOWN_GRACE_MS) / 1000;
      expect({ app, preStop: preStop >= 3 }).toEqual({ app, preStop: true });
      // The kubelet counts the preStop hook inside terminationGracePeriodSeconds: delay + drain + a margin.
      expect({ app, fits: pod.terminationGracePeriodSeconds >= preStop + grace + 5 }).toEqual({ app, fits: true });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    }
  });

  it('when the members of MongoDB and RabbitMQ are placed, then they avoid sharing a node (required in production)', () => {
    const production = kustomization === 'overlays/production';
    const terms = (affinity: any) =>
      production
        ? affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        : affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.map(
            (t: any) => t.podAffinityTerm,
          ); // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const mongo of Object.values(DATABASES)) {
      const [term] = terms(find(objects, 'StatefulSet', mongo)?.spec?.template.spec.affinity) ?? [];
      expect({ mongo, term }).toEqual({
        mongo,
        term: {
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': mongo } },
        },
      });
    }
    const [term] = terms(find(objects, 'RabbitmqCluster', 'shopwire-rabbitmq')?.spec?.affinity) ?? [];
    expect(term).toEqual({
      topologyKey: 'kubernetes.io/hostname',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'shopwire-rabbitmq' } },
    });
    expect(find(objects, 'PodDisruptionBudget', 'redis')?.spec?.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'redis' },
    });
  });

  if (kustomization === 'overlays/production') {
    it('when production is built, then images come from the registry at a tag, Secrets are only referenced, the gateway trusts the ingress and every service has 3 replicas', () => {
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      for (const app of APPS) {
        expect(find(objects, 'Deployment', app)?.spec?.template.spec.containers[0].image).toMatch(
          new RegExp(`^[a-z0-9.-]+\\.[a-z]+(:\\d+)?/shopwire/${app}:\\d+\\.\\d+\\.\\d+$`),
        );
        expect(find(objects, 'Deployment', app)?.spec?.replicas).toBe(3);
      }
      const gateway = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('api-gateway-config'));
      expect(gateway?.data?.TRUST_PROXY).toBeTruthy();
      expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').every((o) => o.spec?.minReplicas >= 3)).toBe(
        true,
      );
      expect(objects.filter((o) => o.kind === 'ScaledObject').every((o) => o.spec?.minReplicaCount >= 3)).toBe(true);
    });
  }

  it('when any Deployment or StatefulSet runs, then it has probes, resources and a non-root, read-only security context', () => {
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    // Every service's Deployment, every database's StatefulSet and Redis's.
    expect(workloads.length).toBe(APPS.length + Object.keys(DATABASES).length + 1);
    for (const workload of workloads) {
      const pod = workload.spec?.template.spec;
      expect({ name: workload.metadata.name, runAsNonRoot: pod.securityContext?.runAsNonRoot }).toEqual({
        name: workload.metadata.name,
        runAsNonRoot: true,
      });
      for (const container of pod.containers) {
        expect({
          name: container.name,
          readiness: Boolean(container.readinessProbe),
          liveness: Boolean(container.livenessProbe),
        }).toEqual({ name: container.name, readiness: true, liveness: true });
        expect(container.resources).toEqual({
          requests: { cpu: expect.anything(), memory: expect.anything() },
          limits: { cpu: expect.anything(), memory: expect.anything() },
        });
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it.each(APPS)(
    'when %s is deployed, then it has a Service, its ConfigMap, a PodDisruptionBudget and an autoscaler',
    (app) => {
      const deployment = find(objects, 'Deployment', app);
      const container = deployment?.spec?.template.spec.containers[0];
      expect(container.image).toMatch(
        new RegExp(kustomization === 'overlays/production' ? `/shopwire/${app}:` : `^shopwire/${app}:`),
      );
      expect(container.startupProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      const configMaps = container.envFrom.map(
        (source: { configMapRef: { name: string } }) => source.configMapRef.name,
      );
      expect(
        configMaps.every((name: string) => objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === name)),
      ).toBe(true);
      expect(find(objects, 'Service', app)?.spec?.selector).toEqual({ 'app.kubernetes.io/name': app });
      expect(find(objects, 'PodDisruptionBudget', app)?.spec?.selector.matchLabels).toEqual({
        'app.kubernetes.io/name': app,
      });
      const queue = CONSUMER_QUEUES[app];
      if (queue) {
        const scaler = find(objects, 'ScaledObject', app);
        expect(scaler?.spec?.scaleTargetRef.name).toBe(app);
        expect(scaler?.spec?.triggers).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              type: 'rabbitmq',
              metadata: expect.objectContaining({ queueName: queue, mode: 'QueueLength' }),
            }),
          ]),
        );
        // KEDA makes the HPA; a second one on the same Deployment would fight it.
        expect(find(objects, 'HorizontalPodAutoscaler', app)).toBeUndefined();
      } else {
        expect(find(objects, 'HorizontalPodAutoscaler', app)?.spec?.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: app,
        });
      }
    },
  );

  it.each(Object.entries(DATABASES))(
    'when %s stores data, then its MongoDB is a replica set only it (and the set itself) may reach',
    (app, mongo) => {
      const statefulSet = find(objects, 'StatefulSet', mongo);
      expect(statefulSet?.spec?.replicas).toBe(3);
      expect(statefulSet?.spec?.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
      const policy = find(objects, 'NetworkPolicy', mongo);
      const allowed = policy?.spec?.ingress.flatMap(
        (rule: { from: Array<{ podSelector?: { matchLabels: Record<string, string> } }> }) =>
          rule.from.map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/name']),
      );
      expect(new Set(allowed)).toEqual(new Set([app, mongo, `${mongo}-init`]));
      const configMap = objects.find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${app}-config`),
      ) as unknown as { data: Record<string, string> };
      expect(configMap.data.MONGO_URL).toContain(`${mongo}-0.${mongo}:27017`);
    },
  );

  it('when the payment provider and the mail transport are chosen, then only the local overlay picks the test doubles', () => {
    const configOf = (app: App) =>
      (
        objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${app}-config`)) as unknown as {
          data: Record<string, string>;
        }
      ).data;
    const smtpUrl = find(objects, 'Deployment', 'notification-service')?.spec?.template.spec.containers[0].env.find(
      (e: { name: string }) => e.name === 'SMTP_URL',
    );
    expect(smtpUrl?.valueFrom.secretKeyRef).toMatchObject({ name: 'shopwire-smtp', key: 'SMTP_URL' });
    if (kustomization !== 'overlays/local') {
      // Production sends mail and leaves the payment provider to the operator: unset, order-service does not start.
      expect(configOf('order-service').PAYMENT_PROVIDER).toBeUndefined();
      expect(configOf('notification-service').MAIL_TRANSPORT).toBe('smtp');
    } else {
      expect(configOf('order-service').PAYMENT_PROVIDER).toBe('test');
      expect(configOf('notification-service').MAIL_TRANSPORT).toBe('file');
    }
  });

  it('when traffic comes from outside, then only the gateway is reachable: an Ingress to it and a default deny for the rest', () => {
    expect(
      objects.filter((o) => o.kind === 'Ingress').map((o) => o.spec?.rules[0].http.paths[0].backend.service.name),
    ).toEqual(['api-gateway']);
    expect(find(objects, 'NetworkPolicy', 'default-deny-ingress')?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    const fromOutside = objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .filter((o) =>
        (o.spec?.ingress ?? []).some(
          (rule: { from?: Array<{ namespaceSelector?: { matchLabels: Record<string, string> } }> }) =>
            rule.from?.some(
              (peer) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'ingress-nginx',
            ),
        ),
      )
      .map((o) => o.metadata.name);
    expect(fromOutside).toEqual(['api-gateway']);
    expect(
      objects.filter((o) => o.kind === 'Service').every((o) => (o.spec?.type ?? 'ClusterIP') === 'ClusterIP'),
    ).toBe(true);
  });

  it('when the broker is declared, then it is a RabbitmqCluster the operator replicates, and KEDA authenticates to it', () => {
    const cluster = find(objects, 'RabbitmqCluster', 'shopwire-rabbitmq');
    expect(cluster?.apiVersion).toBe('rabbitmq.com/v1beta1');
    expect(cluster?.spec).toMatchObject({
      replicas: kustomization === 'overlays/local' ? 1 : 3,
      persistence: { storage: expect.stringMatching(/Gi$/) },
    });
    expect(
      Object.keys(cluster?.spec ?? {}).every((key) =>
        ['replicas', 'image', 'resources', 'persistence', 'rabbitmq', 'affinity'].includes(key),
      ),
    ).toBe(true);
    expect(find(objects, 'TriggerAuthentication', 'shopwire-rabbitmq')?.spec?.secretTargetRef).toEqual([
      { parameter: 'host', name: 'shopwire-broker', key: 'AMQP_URL' },
    ]);
  });
});
