import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { APPS, readCompose, readImage, root, type ComposeFile } from './deploy-compose';

// The Compose specification's JSON schema as dclint (docker-compose-linter) ships it.
const schemaPath = join(root, 'node_modules', 'dclint', 'schemas', 'compose.schema.json');
const { $schema: _draft07, ...composeSchema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
// Draft-07 is Ajv's default; the file names it by an https id Ajv does not know, so the id is dropped, not the draft.
const validateCompose = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(composeSchema);

function hostOf(url: string): string {
  return new URL(url.replace(/^mongodb:/, 'http:')).hostname;
}

describe('docker-compose.yml', () => {
  let compose: ComposeFile;
  beforeAll(() => {
    compose = readCompose();
  });

  it('when validated against the Compose specification schema, then it has no errors', () => {
    expect(validateCompose(compose)).toBe(true);
    expect(validateCompose.errors ?? []).toEqual([]);
  });

  it('when a service carries a key the specification does not know, then the schema rejects it (the check can fail)', () => {
    const broken = structuredClone(compose);
    (broken.services['order-service'] as Record<string, unknown>).restart_policy = 'always';
    expect(validateCompose(broken)).toBe(false);
  });

  it.each(APPS.filter((app) => app !== 'api-gateway'))('when %s runs, then it has a MongoDB 7 of its own', (app) => {
    const env = compose.services[app]?.environment ?? {};
    const db = hostOf(env.MONGO_URL ?? '');
    expect(compose.services[db]?.image).toMatch(/^mongo:7(\.|$)/);
    const sharers = APPS.filter((other) => other !== app && compose.services[other]?.environment?.MONGO_URL && hostOf(compose.services[other]?.environment?.MONGO_URL ?? '') === db);
    expect(sharers).toEqual([]);
    expect(compose.services[app]?.depends_on?.[db]).toEqual({ condition: 'service_healthy' });
  });

  it.each(APPS)('when %s is declared, then it is built from its own Dockerfile, has a health check and a restart policy', (app) => {
    const service = compose.services[app];
    expect(service?.build?.dockerfile).toBe(`deploy/docker/${app}/Dockerfile`);
    expect(existsSync(join(root, service?.build?.dockerfile ?? 'missing'))).toBe(true);
    expect(service?.healthcheck?.test?.[0]).toBe('CMD');
    expect(['always', 'unless-stopped', 'on-failure']).toContain(service?.restart);
  });

  it('when services depend on each other, then every dependency has a condition and the healthy ones have a health check', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition: ['service_healthy', 'service_started', 'service_completed_successfully'].includes(condition) }).toEqual({ name, dependency, condition: true });
        if (condition === 'service_healthy') expect({ dependency, healthcheck: Boolean(compose.services[dependency]?.healthcheck) }).toEqual({ dependency, healthcheck: true });
      }
    }
  });

  it('when the system runs in compose, then it chooses the test payment provider and sends mail into Mailpit, explicitly', () => {
    expect(compose.services['order-service']?.environment?.PAYMENT_PROVIDER).toBe('test');
    expect(compose.services['notification-service']?.environment).toMatchObject({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mailpit:1025' });
  });

  it('when the ports are listed, then only the gateway and the UIs are published', () => {
    const published = Object.entries(compose.services).filter(([, s]) => (s.ports ?? []).length > 0).map(([name]) => name).sort();
    expect(published).toEqual(['api-gateway', 'jaeger', 'mailpit', 'rabbitmq']);
    expect(compose.services['rabbitmq']?.image).toMatch(/-management/);
    expect(compose.services['rabbitmq']?.ports).toEqual(['15672:15672']);
  });

  it.each(APPS)('when the %s image is built, then it runs the bundle as a non-root user with a health check', (app) => {
    const text = readFileSync(join(root, 'deploy', 'docker', app, 'Dockerfile'), 'utf8');
    const runtime = text.slice(text.lastIndexOf('\nFROM '));
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/^FROM node:24-[a-z]+-slim$/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(text).toMatch(/npm ci --omit=dev/);
    expect(readImage(app).cmd).toEqual(['node', `dist/apps/${app}/main.js`]);
  });
});
