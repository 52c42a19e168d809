// The processes of a local run, their ports and the environment each one gets; the gateway is the last.
export const SERVICES = [
  { name: 'user-service', port: 3001 },
  { name: 'catalog-service', port: 3002 },
  { name: 'order-service', port: 3003 },
  { name: 'notification-service', port: 3004 },
  { name: 'recommendation-service', port: 3005 },
  { name: 'webhook-service', port: 3006 },
  { name: 'api-gateway', port: 8080 },
];

export const GATEWAY = SERVICES.find((s) => s.name === 'api-gateway');

export function serviceEnv(service, base = process.env) {
  const env = { ...base, PORT: String(base[`${service.name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? service.port) };
  for (const s of SERVICES) {
    if (s.name !== 'api-gateway')
      env[`${s.name.toUpperCase().replace('-SERVICE', '_SERVICE')}_URL`] ??= `http://127.0.0.1:${s.port}`;
  }
  return env;
}
