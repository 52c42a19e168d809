import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createOwnVhost, freePort, unique, waitFor, type OwnVhost } from '@shopwire/testing';
import { APPS, interpolate, readCompose, readImage, root, type App } from './deploy-compose';

// Every service image built with podman from its real Dockerfile (scripts/images.mjs), then each container started
// alone, as an operator runs it, against the store and the broker of this machine. podman keeps its state in
// .data/podman and never uses its bridge network; containers reach the host as 10.0.2.2 through slirp4netns.
const HOST_FROM_CONTAINER = '10.0.2.2';
const BUILD_TIMEOUT_MS = 20 * 60 * 1000;
const podmanEnv = {
  ...process.env,
  ...(JSON.parse(
    spawnSync(process.execPath, [join(root, 'scripts', 'images.mjs'), 'env'], { encoding: 'utf8' }).stdout,
  ) as Record<string, string>),
};
const image = (app: App) => `localhost/shopwire/${app}:test`;

function podman(args: string[], allowFail = false): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('podman', args, { env: podmanEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && !allowFail)
    throw new Error(`podman ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return { status: run.status ?? -1, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

function netavarkRules(): number {
  const run = spawnSync('iptables-save', [], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` },
  });
  return (run.stdout ?? '').split('\n').filter((line) => /NETAVARK|CNI-|PODMAN/i.test(line)).length;
}

function ipForward(): string {
  return readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out;
}

// The dev-only packages of the lockfile, by their folder (node_modules/x, node_modules/a/node_modules/b).
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean }>;
};
const devOnly = new Set(
  Object.entries(lock.packages)
    .filter(([, entry]) => entry.dev)
    .map(([path]) => path),
);

// The compose environment of one service, pointed at this machine: its own database, its own vhost.
function containerEnv(app: App, vhost: OwnVhost, run: string, otlpPort: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, raw] of Object.entries(readCompose().services[app]?.environment ?? {})) {
    const value = interpolate(String(raw));
    if (value.startsWith('mongodb://')) env[name] = `mongodb://${HOST_FROM_CONTAINER}:27017`;
    else if (value.startsWith('amqp://'))
      env[name] = Object.assign(new URL(vhost.amqpUrl), { hostname: HOST_FROM_CONTAINER }).toString();
    else if (/^[a-z]+:\/\//.test(value)) {
      // The other services and the tools compose runs beside it are not there: this container runs alone.
      const url = new URL(value);
      if (url.hostname === 'redis') url.hostname = HOST_FROM_CONTAINER;
      else if (url.hostname === 'jaeger') Object.assign(url, { hostname: HOST_FROM_CONTAINER, port: String(otlpPort) });
      env[name] = url.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
    } else env[name] = value;
  }
  if (env.MONGO_DB) env.MONGO_DB = `${run}-${env.MONGO_DB}`;
  if (app === 'notification-service') env.MAIL_TRANSPORT = 'file';
  return env;
}

describe('the service images, built with podman and run alone', () => {
  const started: string[] = [];
  let vhost: OwnVhost;
  let rulesBefore: number;
  let forwardBefore: string;

  beforeAll(async () => {
    rulesBefore = netavarkRules();
    forwardBefore = ipForward();
    vhost = await createOwnVhost();
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'images.mjs'), 'build'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: BUILD_TIMEOUT_MS,
    });
    // The figures: build time and size per image.
    console.log(
      `node ${process.version}; ${(build.stdout ?? '')
        .split('\n')
        .filter((line) => line.startsWith('image ') || line.startsWith('[images]'))
        .join('\n')}`,
    );
    if (build.status !== 0)
      throw new Error(
        `image build failed:\n${(build.stdout ?? '').slice(-4000)}\n${(build.stderr ?? '').slice(-4000)}`,
      );
  }, BUILD_TIMEOUT_MS + 60000);

  afterAll(async () => {
    for (const name of started) podman(['rm', '--force', '--time', '0', name], true);
    await vhost?.remove();
  });

  it.each(APPS)(
    'when the %s image is inspected, then it holds its own bundle and production dependencies only, runs as non-root and is <= 200 MB',
    (app) => {
      const [config] = JSON.parse(podman(['image', 'inspect', image(app)]).stdout) as Array<{
        Size: number;
        Config: { User: string; Cmd: string[]; Env: string[] };
      }>;
      const sizeMb = Math.round((config?.Size ?? 0) / 1e6);
      console.log(`image ${app}: ${sizeMb} MB`);
      expect(sizeMb).toBeLessThanOrEqual(200);
      expect(config?.Config.User).toBe('65532:65532');
      expect(config?.Config.Cmd).toEqual(readImage(app).cmd);

      const mount = podman(['image', 'mount', image(app)]).stdout.trim();
      try {
        const files = filesUnder(join(mount, 'app'));
        expect(
          files.filter((f) => /(^|\/)\.env(\.|$)|\.(pem|key|p12|pfx|jwk)$|(^|\/)id_(rsa|ed25519)/.test(f)),
        ).toEqual([]);
        expect(files.filter((f) => /\.(test|spec)\.[cm]?[jt]s$|\.map$|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual(
          [],
        );
        // The gateway also carries the storefront's static files, which it serves at /.
        expect(
          files
            .filter((f) => f.startsWith('dist/') && !(app === 'api-gateway' && f.startsWith('dist/apps/storefront/')))
            .sort(),
        ).toEqual([readImage(app).entry, 'dist/ops/main.js']);
        // The one Dockerfile's CMD is `node main.js`: the file names this app's bundle.
        expect(readFileSync(join(mount, 'app', 'main.js'), 'utf8')).toBe(`require('./${readImage(app).entry}');\n`);
        if (app === 'api-gateway')
          expect(files).toEqual(
            expect.arrayContaining([
              'dist/apps/storefront/index.html',
              expect.stringMatching(/^dist\/apps\/storefront\/assets\/.+\.js$/),
            ]),
          );
        expect(
          existsSync(join(mount, 'app', 'apps')) ||
            existsSync(join(mount, 'app', 'libs')) ||
            existsSync(join(mount, 'app', 'package-lock.json')),
        ).toBe(false);
        // Every package folder in the image is a production one of the lockfile, at the same path.
        const packageFolders = files
          .filter(
            (f) =>
              f.endsWith('/package.json') &&
              /^node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$|\/node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(
                `${f}`,
              ),
          )
          .map((f) => f.replace(/\/package\.json$/, ''));
        const inLock = packageFolders.filter((folder) => folder in lock.packages);
        expect(inLock.length).toBeGreaterThan(100);
        expect(inLock.filter((folder) => devOnly.has(folder))).toEqual([]);
        expect(existsSync(join(mount, 'app', 'node_modules', 'jest'))).toBe(false);
        expect(statSync(join(mount, 'app', '.data')).uid).toBe(65532);
        // The image runs the Node package.json pins.
        const pinned = /@(\d+\.\d+\.\d+)$/.exec(
          (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: { node: string } })
            .devDependencies.node,
        )?.[1];
        expect(
          podman(['run', '--rm', '--pull=never', '--network=none', image(app), 'node', '--version']).stdout.trim(),
        ).toBe(`v${pinned}`);
      } finally {
        podman(['image', 'unmount', image(app)], true);
      }
    },
  );

  it.each(APPS)(
    'when the %s container runs alone against the host store and broker, then it is ready, non-root, runs the operator CLI, and SIGTERM stops it with 0 within 10 s',
    async (app) => {
      const port = Number(readImage(app).env.PORT);
      const hostPort = await freePort();
      const name = unique(`shopwire-${app}`);
      const env = containerEnv(app, vhost, unique('img'), await freePort());
      started.push(name);
      podman([
        'run',
        '--detach',
        '--init',
        '--pull=never',
        '--no-healthcheck',
        '--name',
        name,
        '--network=slirp4netns:allow_host_loopback=true',
        '--publish',
        `127.0.0.1:${hostPort}:${port}`,
        // As Kubernetes and compose run it: a read-only root, /tmp and /app/.data writable.
        '--read-only',
        '--tmpfs',
        '/tmp',
        '--tmpfs',
        '/app/.data:rw,mode=1777',
        ...Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
        image(app),
      ]);
      const logs = () =>
        podman(['logs', name], true).stdout.slice(-3000) + podman(['logs', name], true).stderr.slice(-3000);
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${hostPort}/health/ready`).catch(() => undefined))?.status === 200,
        { timeoutMs: 60000, description: `${app} container to be ready` },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${logs()}`);
      });

      const uids = podman(['top', name, 'huser', 'args'])
        .stdout.trim()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/)[0]);
      expect(uids.length).toBeGreaterThanOrEqual(1);
      expect(uids.every((uid) => uid === '65532')).toBe(true);

      if (app === 'api-gateway') {
        const page = await fetch(`http://127.0.0.1:${hostPort}/`);
        expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({
          status: 200,
          type: expect.stringContaining('text/html'),
        });
      }

      // The operator CLI is the image's second entry point: it reads this service's outbox from its own store.
      if (env.MONGO_DB) {
        const short = app.replace(/-service$/, '');
        const ops = podman(
          [
            'exec',
            '--env',
            `OPS_SERVICES=${short}=${env.MONGO_DB}`,
            name,
            'node',
            'dist/ops/main.js',
            'outbox',
            'status',
            '--json',
          ],
          true,
        );
        expect({ code: ops.status, err: ops.stderr }).toEqual({ code: 0, err: '' });
        expect(JSON.parse(ops.stdout)).toEqual(
          expect.arrayContaining([expect.objectContaining({ service: short, database: env.MONGO_DB })]),
        );
      }

      const stopAt = Date.now();
      podman(['kill', '--signal', 'TERM', name]);
      const exitCode = podman(['wait', name]).stdout.trim();
      const stopMs = Date.now() - stopAt;
      console.log(`container ${app}: SIGTERM to exit ${exitCode} in ${stopMs} ms`);
      expect({ exitCode, withinTenSeconds: stopMs <= 10000 }).toEqual({ exitCode: '0', withinTenSeconds: true });
      podman(['rm', name]);
      started.splice(started.indexOf(name), 1);
    },
  );

  it('when the containers are gone, then none is left and the host firewall and forwarding are as before', () => {
    expect(podman(['ps', '--all', '--quiet', '--filter', 'name=shopwire-']).stdout.trim()).toBe('');
    expect(netavarkRules()).toBe(rulesBefore);
    expect(ipForward()).toBe(forwardBefore);
  });
});
