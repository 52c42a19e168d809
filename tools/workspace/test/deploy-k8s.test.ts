import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { APPS, root, type App } from './deploy-compose';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are read as plain data
}

interface Validation {
  kind: string;
  name: string;
  status: 'valid' | 'invalid' | 'no-schema';
  errors?: string;
}

const CONSUMER_QUEUES: Partial<Record<App, string>> = { 'catalog-service': 'catalog.events', 'order-service': 'order.events', 'notification-service': 'notification.events' };
const DATABASES: Partial<Record<App, string>> = { 'user-service': 'users-mongo', 'catalog-service': 'catalog-mongo', 'order-service': 'orders-mongo', 'notification-service': 'notifications-mongo' };

// kustomize from tools/kustomize/go.mod, built into .tools/bin by scripts/kustomize.mjs when missing.
function render(kustomization: string): K8sObject[] {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'kustomize.mjs'), 'build', join(root, 'deploy', 'k8s', kustomization)], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`kustomize build ${kustomization} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout).map((doc) => doc.toJS() as K8sObject);
}

function validate(objects: unknown[]): Validation[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'deploy-k8s-validate.mjs')], { input: JSON.stringify(objects), encoding: 'utf8', cwd: root, maxBuffer: 32 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`validator failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Validation[];
}

const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe.each(['base', 'overlays/local'])('the Kubernetes manifests (%s)', (kustomization) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(kustomization);
  });

  it('when rendered, then every object validates against the Kubernetes and KEDA schemas; only the RabbitmqCluster has none to check', () => {
    const results = validate(objects);
    expect(results.filter((r) => r.status === 'invalid')).toEqual([]);
    expect(results.filter((r) => r.status === 'no-schema').map((r) => r.kind)).toEqual(['RabbitmqCluster']);
    expect(results.filter((r) => r.status === 'valid').length).toBe(objects.length - 1);
  });

  it('when a Deployment is broken, then the validator says so (the check can fail)', () => {
    const deployment = structuredClone(find(objects, 'Deployment', 'order-service')) as K8sObject;
    (deployment.spec as { replicas: unknown }).replicas = 'two';
    expect(validate([deployment])).toEqual([expect.objectContaining({ status: 'invalid', errors: expect.stringContaining('replicas') })]);
  });

  it('when any Deployment or StatefulSet runs, then it has probes, resources and a non-root, read-only security context', () => {
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    expect(workloads.length).toBe(10);
    for (const workload of workloads) {
      const pod = workload.spec?.template.spec;
      expect({ name: workload.metadata.name, runAsNonRoot: pod.securityContext?.runAsNonRoot }).toEqual({ name: workload.metadata.name, runAsNonRoot: true });
      for (const container of pod.containers) {
        expect({ name: container.name, readiness: Boolean(container.readinessProbe), liveness: Boolean(container.livenessProbe) }).toEqual({ name: container.name, readiness: true, liveness: true });
        expect(container.resources).toEqual({ requests: { cpu: expect.anything(), memory: expect.anything() }, limits: { cpu: expect.anything(), memory: expect.anything() } });
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it.each(APPS)('when %s is deployed, then it has a Service, its ConfigMap, a PodDisruptionBudget and an autoscaler', (app) => {
    const deployment = find(objects, 'Deployment', app);
    const container = deployment?.spec?.template.spec.containers[0];
    expect(container.image).toMatch(new RegExp(`^shopwire/${app}:`));
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    const configMaps = container.envFrom.map((source: { configMapRef: { name: string } }) => source.configMapRef.name);
    expect(configMaps.every((name: string) => objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === name))).toBe(true);
    expect(find(objects, 'Service', app)?.spec?.selector).toEqual({ 'app.kubernetes.io/name': app });
    expect(find(objects, 'PodDisruptionBudget', app)?.spec?.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': app });
    const queue = CONSUMER_QUEUES[app];
    if (queue) {
      const scaler = find(objects, 'ScaledObject', app);
      expect(scaler?.spec?.scaleTargetRef.name).toBe(app);
      expect(scaler?.spec?.triggers).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'rabbitmq', metadata: expect.objectContaining({ queueName: queue, mode: 'QueueLength' }) })]));
      // KEDA makes the HPA; a second one on the same Deployment would fight it.
      expect(find(objects, 'HorizontalPodAutoscaler', app)).toBeUndefined();
    } else {
      expect(find(objects, 'HorizontalPodAutoscaler', app)?.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
    }
  });

  it.each(Object.entries(DATABASES))('when %s stores data, then its MongoDB is a replica set only it (and the set itself) may reach', (app, mongo) => {
    const statefulSet = find(objects, 'StatefulSet', mongo);
    expect(statefulSet?.spec?.replicas).toBe(3);
    expect(statefulSet?.spec?.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    const policy = find(objects, 'NetworkPolicy', mongo);
    const allowed = policy?.spec?.ingress.flatMap((rule: { from: Array<{ podSelector?: { matchLabels: Record<string, string> } }> }) => rule.from.map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/name']));
    expect(new Set(allowed)).toEqual(new Set([app, mongo, `${mongo}-init`]));
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${app}-config`)) as unknown as { data: Record<string, string> };
    expect(configMap.data.MONGO_URL).toContain(`${mongo}-0.${mongo}:27017`);
  });

  it('when the payment provider and the mail transport are chosen, then only the local overlay picks the test doubles', () => {
    const configOf = (app: App) => (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${app}-config`)) as unknown as { data: Record<string, string> }).data;
    const smtpUrl = find(objects, 'Deployment', 'notification-service')?.spec?.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'SMTP_URL');
    expect(smtpUrl?.valueFrom.secretKeyRef).toMatchObject({ name: 'shopwire-smtp', key: 'SMTP_URL' });
    if (kustomization === 'base') {
      // Production sends mail and leaves the payment provider to the operator: unset, order-service does not start.
      expect(configOf('order-service').PAYMENT_PROVIDER).toBeUndefined();
      expect(configOf('notification-service').MAIL_TRANSPORT).toBe('smtp');
    } else {
      expect(configOf('order-service').PAYMENT_PROVIDER).toBe('test');
      expect(configOf('notification-service').MAIL_TRANSPORT).toBe('file');
    }
  });

  it('when traffic comes from outside, then only the gateway is reachable: an Ingress to it and a default deny for the rest', () => {
    expect(objects.filter((o) => o.kind === 'Ingress').map((o) => o.spec?.rules[0].http.paths[0].backend.service.name)).toEqual(['api-gateway']);
    expect(find(objects, 'NetworkPolicy', 'default-deny-ingress')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const fromOutside = objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .filter((o) => (o.spec?.ingress ?? []).some((rule: { from?: Array<{ namespaceSelector?: { matchLabels: Record<string, string> } }> }) => rule.from?.some((peer) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'ingress-nginx')))
      .map((o) => o.metadata.name);
    expect(fromOutside).toEqual(['api-gateway']);
    expect(objects.filter((o) => o.kind === 'Service').every((o) => (o.spec?.type ?? 'ClusterIP') === 'ClusterIP')).toBe(true);
  });

  it('when the broker is declared, then it is a RabbitmqCluster the operator replicates, and KEDA authenticates to it', () => {
    const cluster = find(objects, 'RabbitmqCluster', 'shopwire-rabbitmq');
    expect(cluster?.apiVersion).toBe('rabbitmq.com/v1beta1');
    expect(cluster?.spec).toMatchObject({ replicas: kustomization === 'base' ? 3 : 1, persistence: { storage: expect.stringMatching(/Gi$/) } });
    expect(Object.keys(cluster?.spec ?? {}).every((key) => ['replicas', 'image', 'resources', 'persistence', 'rabbitmq'].includes(key))).toBe(true);
    expect(find(objects, 'TriggerAuthentication', 'shopwire-rabbitmq')?.spec?.secretTargetRef).toEqual([{ parameter: 'host', name: 'shopwire-broker', key: 'AMQP_URL' }]);
  });
});
