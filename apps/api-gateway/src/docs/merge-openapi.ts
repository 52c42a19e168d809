export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown> | undefined>;
  [key: string]: unknown;
}

export interface ServiceDocument {
  service: string;
  /** Only paths under these prefixes are reachable through the gateway; the rest (health, metrics) stay internal. */
  prefixes: string[];
  document: OpenApiDocument | undefined;
}

const isUnder = (path: string, prefixes: string[]): boolean => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

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
  const missing: string[] = [];
  for (const { service, prefixes, document } of services) {
    if (!document) {
      missing.push(service);
      continue;
    }
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      if (isUnder(path, prefixes) && !paths[path]) paths[path] = operations;
    }
    addComponents(document.components);
  }
  const merged: OpenApiDocument = { ...gateway, paths, components };
  if (missing.length > 0) merged['x-missing-services'] = missing;
  return merged;
}
