#!/usr/bin/env node
// Generates the strict, standalone JSON schemas kubeconform validates deploy/k8s against, offline, from Go modules
// of the Go module proxy: Kubernetes' OpenAPI (api/openapi-spec/swagger.json in k8s.io/kubernetes) and the CRDs of
// KEDA and the Prometheus operator (their config/crd and example/prometheus-operator-crd folders). Strict as
// kubectl validates: every object with properties refuses any other property. The RabbitMQ cluster operator's module
// is not served by the proxy here, so rabbitmqcluster-rabbitmq-v1beta1.json is written from its documented API (the
// fields deploy/k8s uses and their neighbours), on the Kubernetes definitions for affinity, resources and so on.
//   node tools/k8s-schemas/generate.mjs     (writes deploy/k8s/schemas/v<K8S>-standalone-strict/*.json)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const K8S_VERSION = '1.35.4';
const MODULES = {
  kubernetes: `k8s.io/kubernetes@v${K8S_VERSION}`,
  keda: 'github.com/kedacore/keda/v2@v2.20.2',
  prometheus: 'github.com/prometheus-operator/prometheus-operator@v0.85.0',
};
// The kinds deploy/k8s uses, and a few an overlay may add.
const KINDS = [
  'v1/Namespace', 'v1/ConfigMap', 'v1/Secret', 'v1/Service', 'v1/ServiceAccount', 'v1/PersistentVolumeClaim',
  'apps/v1/Deployment', 'apps/v1/StatefulSet', 'batch/v1/Job', 'batch/v1/CronJob', 'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler', 'networking.k8s.io/v1/NetworkPolicy', 'networking.k8s.io/v1/Ingress',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
];
const CRDS = [
  ['keda', 'config/crd/bases/keda.sh_scaledobjects.yaml'],
  ['keda', 'config/crd/bases/keda.sh_triggerauthentications.yaml'],
  ['keda', 'config/crd/bases/keda.sh_scaledjobs.yaml'],
  ['prometheus', 'example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml'],
  ['prometheus', 'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml'],
];

const root = new URL('../..', import.meta.url).pathname;
export const SCHEMA_DIR = join(root, 'deploy', 'k8s', 'schemas', `v${K8S_VERSION}-standalone-strict`);

function moduleDirs() {
  const out = execFileSync('go', ['mod', 'download', '-json', ...Object.values(MODULES)], { encoding: 'utf8', cwd: join(root, 'tools', 'kubeconform') });
  const dirs = {};
  for (const doc of out.split(/\n(?=\{)/)) {
    const mod = JSON.parse(doc);
    if (mod.Error) throw new Error(`${mod.Path}: ${mod.Error}`);
    const name = Object.keys(MODULES).find((key) => MODULES[key] === `${mod.Path}@${mod.Version}`);
    dirs[name] = mod.Dir;
  }
  return dirs;
}

// kubeconform's file name: <kind>-<first part of the group>-<version>.json, or <kind>-<version>.json for core.
function fileName(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return `${kind.toLowerCase()}${group ? `-${group.split('.')[0]}` : ''}-${version}.json`;
}

/** kubectl's strictness: an object that lists its properties takes no others (unless it says it keeps unknown ones). */
function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)])) : strict(value);
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  if (out.format === 'int-or-string' || out['x-kubernetes-int-or-string']) {
    delete out.type;
    delete out.format;
    out.oneOf = [{ type: 'string' }, { type: 'integer' }];
  }
  return out;
}

function inline(node, definitions, seen = []) {
  if (Array.isArray(node)) return node.map((item) => inline(item, definitions, seen));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/definitions/', '');
    if (seen.includes(name)) return {}; // recursive definitions (JSONSchemaProps) are not used by these kinds
    const { $ref: _ref, ...rest } = node;
    return { ...inline(definitions[name], definitions, [...seen, name]), ...inline(rest, definitions, seen) };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, definitions, seen)]));
}

function kubernetesSchemas(dir) {
  const swagger = JSON.parse(readFileSync(join(dir, 'api', 'openapi-spec', 'swagger.json'), 'utf8'));
  const schemas = {};
  for (const wanted of KINDS) {
    const kind = wanted.split('/').pop();
    const apiVersion = wanted.slice(0, -kind.length - 1);
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const name = Object.keys(swagger.definitions).find((key) => (swagger.definitions[key]['x-kubernetes-group-version-kind'] ?? []).some((gvk) => gvk.group === group && gvk.version === version && gvk.kind === kind));
    if (!name) throw new Error(`${wanted}: not in swagger.json`);
    const schema = strict(inline(swagger.definitions[name], swagger.definitions));
    schema.properties.apiVersion = { type: 'string', enum: [apiVersion] };
    schema.properties.kind = { type: 'string', enum: [kind] };
    schemas[fileName(apiVersion, kind)] = { $schema: 'http://json-schema.org/draft-07/schema#', ...schema };
  }
  return { schemas, definitions: swagger.definitions };
}

function crdSchemas(dirs) {
  const schemas = {};
  for (const [module, path] of CRDS) {
    for (const doc of parseAllDocuments(readFileSync(join(dirs[module], path), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const apiVersion = `${crd.spec.group}/${version.name}`;
        const schema = strict(structuredClone(version.schema.openAPIV3Schema));
        schema.properties.apiVersion = { type: 'string', enum: [apiVersion] };
        schema.properties.kind = { type: 'string', enum: [crd.spec.names.kind] };
        schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata'])];
        schemas[fileName(apiVersion, crd.spec.names.kind)] = { $schema: 'http://json-schema.org/draft-07/schema#', ...schema };
      }
    }
  }
  return schemas;
}

// The RabbitmqCluster API (rabbitmq.com/v1beta1) as the operator documents it; Kubernetes types where it uses them.
function rabbitmqClusterSchema(definitions) {
  const k8s = (name) => strict(inline({ $ref: `#/definitions/io.k8s.api.core.v1.${name}` }, definitions));
  const quantity = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const strings = { type: 'object', additionalProperties: { type: 'string' } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    description: 'RabbitmqCluster (rabbitmq.com/v1beta1), written from the cluster operator\'s API reference: its module is not served here',
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    additionalProperties: false,
    properties: {
      apiVersion: { type: 'string', enum: ['rabbitmq.com/v1beta1'] },
      kind: { type: 'string', enum: ['RabbitmqCluster'] },
      metadata: strict(inline({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, definitions)),
      spec: {
        type: 'object',
        additionalProperties: false,
        properties: {
          replicas: { type: 'integer', minimum: 0 },
          image: { type: 'string' },
          imagePullSecrets: { type: 'array', items: k8s('LocalObjectReference') },
          service: { type: 'object', additionalProperties: false, properties: { type: { type: 'string', enum: ['ClusterIP', 'LoadBalancer', 'NodePort'] }, annotations: strings, ipFamilyPolicy: { type: 'string' } } },
          persistence: { type: 'object', additionalProperties: false, properties: { storageClassName: { type: 'string' }, storage: quantity } },
          resources: k8s('ResourceRequirements'),
          affinity: k8s('Affinity'),
          tolerations: { type: 'array', items: k8s('Toleration') },
          rabbitmq: {
            type: 'object',
            additionalProperties: false,
            properties: {
              additionalPlugins: { type: 'array', items: { type: 'string' } },
              additionalConfig: { type: 'string', maxLength: 100000 },
              advancedConfig: { type: 'string', maxLength: 100000 },
              envConfig: { type: 'string', maxLength: 100000 },
              erlangInetConfig: { type: 'string', maxLength: 2000 },
            },
          },
          tls: { type: 'object', additionalProperties: false, properties: { secretName: { type: 'string' }, caSecretName: { type: 'string' }, disableNonTLSListeners: { type: 'boolean' } } },
          skipPostDeploySteps: { type: 'boolean' },
          terminationGracePeriodSeconds: { type: 'integer', minimum: 0 },
          delayStartSeconds: { type: 'integer', minimum: 0 },
          autoEnableAllFeatureFlags: { type: 'boolean' },
          secretBackend: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          override: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      status: { type: 'object' },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = moduleDirs();
  const { schemas, definitions } = kubernetesSchemas(dirs.kubernetes);
  Object.assign(schemas, crdSchemas(dirs), { 'rabbitmqcluster-rabbitmq-v1beta1.json': rabbitmqClusterSchema(definitions) });
  rmSync(SCHEMA_DIR, { recursive: true, force: true });
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [file, schema] of Object.entries(schemas)) writeFileSync(join(SCHEMA_DIR, file), `${JSON.stringify(schema)}\n`);
  writeFileSync(join(SCHEMA_DIR, 'SOURCES.txt'), `Generated by tools/k8s-schemas/generate.mjs from:\n${Object.values(MODULES).join('\n')}\n(rabbitmqcluster-rabbitmq-v1beta1.json written from the operator's API reference)\n`);
  console.log(`${Object.keys(schemas).length} schemas in ${SCHEMA_DIR}`);
}
