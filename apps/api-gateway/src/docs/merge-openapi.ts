export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  paths?: Record<string, Record<string, unknown>>;
  /** OpenAPI 3.1: what a service sends to others (webhook-service documents its partners' payloads here). */
  webhooks?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown> | undefined>;
  [key: string]: unknown;
}

export interface ServiceDocument {
  service: string;
  /** Only paths under these prefixes are reachable through the gateway; the rest (health, metrics) stay internal. */
  prefixes: string[];
  document: OpenApiDocument | undefined;
}

/** Whether an OpenAPI path lies under a routed prefix; the prefix's `:name` segment matches the path's `{name}` (any segment). */
const isUnder = (path: string, prefixes: string[]): boolean => {
  const segments = path.split('/');
  return prefixes.some((prefix) =>
    prefix.split('/').every((wanted, i) => wanted === segments[i] || (wanted.startsWith(':') && Boolean(segments[i]))),
  );
};

/**
 * One document for the whole API: the gateway's own, plus each service's paths that the gateway routes to it and
 * the components they use. A service without a document yet is listed in `x-missing-services`, never an error.
 * On a name clash the first definition wins (services share the same Problem and bearer definitions).
 */
export function mergeOpenApi(gateway: OpenApiDocument, services: ServiceDocument[]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = { ...gateway.paths };
  const components: Record<string, Record<string, unknown>> = {};
  const addComponents = (from: OpenApiDocument['components']): void => {
    for (const [kind, entries] of Object.entries(from ?? {})) components[kind] = { ...entries, ...components[kind] };
  };
  addComponents(gateway.components);
  const webhooks: Record<string, Record<string, unknown>> = { ...gateway.webhooks };
  const missing: string[] = [];
  for (const { service, prefixes, document } of services) {
    if (!document) {
      missing.push(service);
      continue;
    }
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      if (isUnder(path, prefixes) && !paths[path]) paths[path] = operations;
    }
    for (const [name, operations] of Object.entries(document.webhooks ?? {})) webhooks[name] ??= operations;
    addComponents(document.components);
  }
  const merged: OpenApiDocument = { ...gateway, paths, components };
  // `webhooks` exist from OpenAPI 3.1 on; the route schemas are JSON Schema, which 3.1 takes as they are.
  if (Object.keys(webhooks).length > 0) Object.assign(merged, { openapi: '3.1.0', webhooks });
  if (missing.length > 0) merged['x-missing-services'] = missing;
  return merged;
}
