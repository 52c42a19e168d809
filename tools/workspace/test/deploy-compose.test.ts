import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import {
  APPS,
  DOCKERFILE,
  copySources,
  isIgnored,
  readCompose,
  readDockerignore,
  readImage,
  root,
  type ComposeFile,
} from './deploy-compose';

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
    const sharers = APPS.filter(
      (other) =>
        other !== app &&
        compose.services[other]?.environment?.MONGO_URL &&
        hostOf(compose.services[other]?.environment?.MONGO_URL ?? '') === db,
    );
    expect(sharers).toEqual([]);
    expect(compose.services[app]?.depends_on?.[db]).toEqual({ condition: 'service_healthy' });
  });

  it.each(APPS)(
    'when %s is declared, then it is built from the one Dockerfile with its name and port, has a health check and a restart policy',
    (app) => {
      const service = compose.services[app];
      expect(service?.build?.dockerfile).toBe(DOCKERFILE);
      expect(existsSync(join(root, service?.build?.dockerfile ?? 'missing'))).toBe(true);
      expect(service?.build?.args).toEqual({ APP: app, PORT: service?.environment?.PORT });
      expect(service?.healthcheck?.test?.[0]).toBe('CMD');
      expect(['always', 'unless-stopped', 'on-failure']).toContain(service?.restart);
    },
  );

  it('when scripts/images.mjs builds the images, then it passes the ports compose passes', async () => {
    const { PORTS } = (await import(join(root, 'scripts', 'images.mjs'))) as { PORTS: Record<string, number> };
    expect(Object.fromEntries(Object.entries(PORTS).map(([app, port]) => [app, String(port)]))).toEqual(
      Object.fromEntries(APPS.map((app) => [app, compose.services[app]?.build?.args?.PORT])),
    );
  });

  it('when services depend on each other, then every dependency has a condition and the healthy ones have a health check', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({
          name,
          dependency,
          condition: ['service_healthy', 'service_started', 'service_completed_successfully'].includes(condition),
        }).toEqual({ name, dependency, condition: true });
        if (condition === 'service_healthy')
          expect({ dependency, healthcheck: Boolean(compose.services[dependency]?.healthcheck) }).toEqual({
            dependency,
            healthcheck: true,
          });
      }
    }
  });

  it('when the system runs in compose, then it chooses the test payment provider and sends mail into Mailpit, explicitly', () => {
    expect(compose.services['order-service']?.environment?.PAYMENT_PROVIDER).toBe('test');
    expect(compose.services['notification-service']?.environment).toMatchObject({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://mailpit:1025',
    });
  });

  it('when the ports are listed, then only the gateway and the UIs are published', () => {
    const published = Object.entries(compose.services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([name]) => name)
      .sort();
    expect(published).toEqual(['api-gateway', 'jaeger', 'mailpit', 'rabbitmq']);
    expect(compose.services['rabbitmq']?.image).toMatch(/-management/);
    expect(compose.services['rabbitmq']?.ports).toEqual(['15672:15672']);
  });

  it.each(APPS)('when the %s image is built, then it runs the bundle as a non-root user with a health check', (app) => {
    const text = readFileSync(join(root, DOCKERFILE), 'utf8');
    const runtime = text.slice(text.lastIndexOf('\nFROM '));
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^FROM node:24-[a-z]+-slim AS build$/m);
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/cc-debian12:nonroot$/m);
    expect(runtime).toMatch(/^COPY --from=build \/repo\/node_modules\/node\/bin\/node \/usr\/local\/bin\/node$/m);
    expect(runtime).toMatch(/^USER 65532:65532$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(text).toContain('RUN node scripts/build.mjs apps/${APP} --image /out');
    expect(readImage(app).cmd).toEqual(['node', 'main.js']);
    expect(readImage(app).env.PORT).toBe(compose.services[app]?.build?.args?.PORT);
  });

  it.each(APPS)(
    'when the %s image is built, then every COPY source exists and .dockerignore lets it into the context',
    (app) => {
      const ignore = readDockerignore();
      const sources = copySources(app);
      expect(sources).toEqual(
        expect.arrayContaining([
          'package.json',
          'package-lock.json',
          'scripts/build.mjs',
          'scripts/lib',
          'libs',
          `apps/${app}`,
        ]),
      );
      if (app === 'api-gateway') expect(sources).toContain('apps/storefront');
      expect(sources.filter((source) => !existsSync(join(root, source)))).toEqual([]);
      expect(sources.filter((source) => isIgnored(source, ignore))).toEqual([]);
      // What build.mjs imports is copied: every relative import of scripts/build.mjs lies under a COPY source.
      const imports = [...readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8').matchAll(/from '\.\/([^']+)'/g)].map(
        (m) => `scripts/${m[1]}`,
      );
      expect(
        imports.filter((file) => !sources.some((source) => file === source || file.startsWith(`${source}/`))),
      ).toEqual([]);
    },
  );

  it('when the service images are counted, then one Dockerfile builds them all', () => {
    expect(readdirSync(join(root, 'deploy', 'docker'))).toEqual(['Dockerfile']);
    expect(new Set(APPS.map((app) => compose.services[app]?.build?.dockerfile))).toEqual(new Set([DOCKERFILE]));
  });

  it('when .dockerignore excluded a COPY source, then the check says so (it can fail)', () => {
    expect(isIgnored('scripts/lib', [...readDockerignore(), 'scripts'])).toBe(true);
    expect(isIgnored('libs/auth/test/x.test.ts', readDockerignore())).toBe(true);
    expect(isIgnored('apps/user-service/src/main.ts', readDockerignore())).toBe(false);
    expect(isIgnored('libs/auth/.env', readDockerignore())).toBe(true);
  });
});
