// Validates Kubernetes objects (a JSON array on stdin) with kubernetes-models: the JSON schemas of the Kubernetes
// OpenAPI (core) and of KEDA's CRDs, compiled by Ajv. ESM-only packages, hence a script the Jest test runs.
// Prints one result per object: valid, invalid (with the errors) or no-schema (a custom resource nobody publishes).
import { readFileSync } from 'node:fs';

const CRD_MODELS = { 'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1' };

function modelPath(apiVersion, kind) {
  if (CRD_MODELS[apiVersion]) return `${CRD_MODELS[apiVersion]}/${kind}`;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function validate(object) {
  const { apiVersion, kind, metadata } = object;
  const result = { apiVersion, kind, name: metadata?.name };
  const path = modelPath(apiVersion, kind);
  if (!path) return { ...result, status: 'no-schema' };
  let Model;
  try {
    Model = (await import(path))[kind];
  } catch {
    return { ...result, status: 'no-schema' };
  }
  try {
    new Model(object).validate();
    return { ...result, status: 'valid' };
  } catch (error) {
    return { ...result, status: 'invalid', errors: error.message };
  }
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(await Promise.all(objects.map(validate))));
