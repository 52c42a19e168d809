#!/usr/bin/env node
// The service images, built and run with podman on a machine without a Docker engine and without a reachable
// container registry (../shared/notes/containers.md has what was measured). Everything podman keeps lives in
// .data/podman; containers never use podman's bridge network (it rewrites the host's iptables and ip_forward).
//   node scripts/images.mjs install            podman and friends from Debian's packages (nothing when present)
//   node scripts/images.mjs bases              the base images the Dockerfile names, made locally (once)
//   node scripts/images.mjs build [service…]   build the images from deploy/docker/Dockerfile (APP and PORT per service)
//   node scripts/images.mjs env                the podman environment as JSON (the image test uses it)
//   node scripts/images.mjs podman <args…>     podman with that environment
//   node scripts/images.mjs prune              drop images no tag names any more (each rebuild leaves the old ones)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, pinnedNode, root } from './lib/infra.mjs';
import { SERVICES } from './lib/services.mjs';

/** Every service image and the port it listens on (deploy/docker/Dockerfile takes both as build arguments). */
export const PORTS = Object.fromEntries(SERVICES.map(({ name, port }) => [name, port]));
export const APPS = Object.keys(PORTS);
export const IMAGE_TAG = 'test';
const PACKAGES = [
  'podman',
  'buildah',
  'runc',
  'slirp4netns',
  'uidmap',
  'fuse-overlayfs',
  'mmdebstrap',
  'catatonit',
  'iptables',
];
const COMMANDS = ['podman', 'runc', 'slirp4netns', 'mmdebstrap', 'catatonit', 'iptables-save'];
const state = join(root, '.data', 'podman');

// The names the Dockerfile's FROM lines use; here they are made from Debian's packages and the pinned Node.
const DEBIAN_BASE = 'localhost/shopwire-debian-base:bookworm';
const NODE_BASE = 'docker.io/library/node:24-bookworm-slim';
const RUN_BASE = 'gcr.io/distroless/cc-debian12:nonroot';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function hasCommand(name) {
  return (
    spawnSync('sh', ['-c', `command -v ${name}`], {
      stdio: 'ignore',
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` },
    }).status === 0
  );
}

/** Installs the container tools from Debian's packages unless every one is there already. */
export function installTools() {
  const missing = COMMANDS.filter((name) => !hasCommand(name));
  if (missing.length === 0) return;
  log('images', `installing ${PACKAGES.join(' ')} (missing: ${missing.join(' ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env });
}

function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text);
}

/** podman's configuration files in .data/podman, and the environment that points podman at them. */
export function podmanEnv() {
  mkdirSync(join(state, 'tmp'), { recursive: true });
  const hardNofile = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
  const nofile = /^\d+$/.test(hardNofile) ? hardNofile : '65536';
  writeIfChanged(
    join(state, 'storage.conf'),
    `[storage]\ndriver = "overlay"\ngraphroot = "${state}/storage"\nrunroot = "${state}/run"\n`,
  );
  writeIfChanged(
    join(state, 'containers.conf'),
    [
      '[containers]',
      // No CAP_SYS_RESOURCE here: podman's default rlimits (1048576) cannot be set.
      `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]`,
      // Never the bridge (netavark): it adds iptables chains and turns on ip_forward on the host.
      'netns = "slirp4netns"',
      '',
      '[engine]',
      'runtime = "runc"', // crun fails on this host's cgroup layout
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `events_logfile_path = "${state}/events.log"`,
      `tmp_dir = "${state}/tmp"`,
      '',
    ].join('\n'),
  );
  writeIfChanged(
    join(state, 'registries.conf'),
    'unqualified-search-registries = ["docker.io"]\nshort-name-mode = "permissive"\n',
  );
  return {
    ...process.env,
    CONTAINERS_CONF: join(state, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: join(state, 'storage.conf'),
    CONTAINERS_REGISTRIES_CONF: join(state, 'registries.conf'),
    TMPDIR: join(state, 'tmp'),
  };
}

export function podman(args, { input, stdio = 'pipe', allowFail = false } = {}) {
  const run = spawnSync('podman', args, {
    env: podmanEnv(),
    encoding: 'utf8',
    input,
    stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : 'pipe',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0 && !allowFail)
    throw new Error(`podman ${args.join(' ')} failed (${run.status}):\n${run.stderr ?? ''}`);
  return run;
}

function imageLabel(image, label) {
  const run = podman(['image', 'inspect', '--format', `{{index .Labels "${label}"}}`, image], { allowFail: true });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

// The Debian mirror apt uses here (deb822 sources or a classic sources.list).
function debianMirror() {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const uri =
      /^URIs:\s*(\S+\/debian)\s*$/m.exec(text)?.[1] ??
      /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s+bookworm\b/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/** `podman build` of `containerfile` in `context` as `tag`, on the host network and from local images only. */
function podmanBuild(tag, containerfile, context, extraArgs = []) {
  podman(
    [
      'build',
      '--network=host',
      '--pull=never',
      '--format',
      'docker',
      ...extraArgs,
      '-t',
      tag,
      '-f',
      containerfile,
      context,
    ],
    { stdio: 'inherit' },
  );
}

function buildFromContext(tag, containerfile, files, labels) {
  const context = mkdtempSync(join(tmpdir(), 'shopwire-base-'));
  try {
    for (const [name, source] of Object.entries(files))
      cpSync(source, join(context, name), { recursive: true, dereference: true });
    writeFileSync(join(context, 'Containerfile'), containerfile);
    const labelArgs = Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
    podmanBuild(tag, join(context, 'Containerfile'), context, labelArgs);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** The base images: a Debian minbase root filesystem, a Node build base on it, a distroless-like run base. */
export function ensureBases() {
  const started = Date.now();
  if (!imageLabel(DEBIAN_BASE, 'shopwire.base')) {
    const dir = mkdtempSync(join(tmpdir(), 'shopwire-debian-'));
    try {
      log('images', `making ${DEBIAN_BASE} with mmdebstrap from ${debianMirror()} (once; about a minute)`);
      execFileSync(
        'mmdebstrap',
        ['--variant=minbase', '--mode=root', '--quiet', 'bookworm', join(dir, 'base.tar'), debianMirror()],
        { stdio: 'inherit' },
      );
      podman(
        [
          'import',
          '--change',
          'LABEL shopwire.base=debian-minbase',
          '--change',
          'CMD ["/bin/bash"]',
          join(dir, 'base.tar'),
          DEBIAN_BASE,
        ],
        { stdio: 'inherit' },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const nodeVersion = execFileSync(pinnedNode, ['--version'], { encoding: 'utf8' }).trim();
  if (imageLabel(NODE_BASE, 'shopwire.node') !== nodeVersion) {
    log('images', `making ${NODE_BASE} (Node ${nodeVersion}, the pinned one, and npm)`);
    const npmDir = join(
      realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim()),
      '..',
      '..',
    );
    buildFromContext(
      NODE_BASE,
      [
        `FROM ${DEBIAN_BASE}`,
        'COPY node /usr/local/bin/node',
        'COPY npm /usr/local/lib/node_modules/npm',
        'COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
        ' && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
        // The registry is reached through this machine's CA bundle.
        'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt NPM_CONFIG_UPDATE_NOTIFIER=false',
        'CMD ["node"]',
        '',
      ].join('\n'),
      { node: pinnedNode, npm: npmDir, 'ca-certificates.crt': CA_BUNDLE },
      { 'shopwire.node': nodeVersion },
    );
  }
  if (imageLabel(RUN_BASE, 'shopwire.base') !== 'distroless-cc-3') {
    log('images', `making ${RUN_BASE} (glibc, libstdc++, CA certificates, user nonroot 65532; no shell)`);
    buildFromContext(
      RUN_BASE,
      [
        `FROM ${DEBIAN_BASE} AS files`,
        'COPY ca-certificates.crt /out/etc/ssl/certs/ca-certificates.crt',
        // Merged /usr as in Debian: /lib, /lib64, /bin, /sbin are links into /usr.
        'RUN set -e; mkdir -p /out/usr/lib /out/usr/lib64 /out/usr/bin /out/usr/sbin; for d in lib lib64 bin sbin; do ln -s usr/$d /out/$d; done; \\',
        '  for p in libc6 libgcc-s1 libstdc++6 netbase; do dpkg -L "$p" | while read -r f; do if [ -f "$f" ] || [ -L "$f" ]; then cp -a --parents "$f" /out; fi; done; done; \\',
        '  cp -a --parents /etc/ld.so.cache /etc/ld.so.conf /etc/ld.so.conf.d /out; \\',
        '  mkdir -p /out/tmp /out/home/nonroot; chmod 1777 /out/tmp; chown 65532:65532 /out/home/nonroot; \\',
        '  printf "root:x:0:0:root:/root:/sbin/nologin\\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\\n" > /out/etc/passwd; \\',
        '  printf "root:x:0:\\nnobody:x:65534:\\nnonroot:x:65532:\\n" > /out/etc/group',
        'FROM scratch',
        'COPY --from=files /out /',
        'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
        'USER 65532:65532',
        'WORKDIR /home/nonroot',
        '',
      ].join('\n'),
      { 'ca-certificates.crt': CA_BUNDLE },
      { 'shopwire.base': 'distroless-cc-3' },
    );
  }
  return Date.now() - started;
}

/** Builds shopwire/<app>:test from the Dockerfile, with the repo root as context; returns the seconds it took. */
export function buildImage(app) {
  const started = Date.now();
  const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  mkdirSync(npmCache, { recursive: true });
  podmanBuild(`shopwire/${app}:${IMAGE_TAG}`, join(root, 'deploy', 'docker', 'Dockerfile'), root, [
    '--layers',
    // The host's npm cache: the build stage's `npm ci` then downloads only what the host has not.
    '--volume',
    `${npmCache}:/root/.npm`,
    '--build-arg',
    `APP=${app}`,
    '--build-arg',
    `PORT=${PORTS[app]}`,
  ]);
  return (Date.now() - started) / 1000;
}

/** Size in MB of an image (its layers, uncompressed). */
export function imageSizeMb(image) {
  return Math.round(Number(podman(['image', 'inspect', '--format', '{{.Size}}', image]).stdout.trim()) / 1e6);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'install') installTools();
  else if (command === 'bases') {
    installTools();
    console.log(`bases ready in ${Math.round(ensureBases() / 1000)} s`);
  } else if (command === 'build') {
    installTools();
    ensureBases();
    for (const app of args.length > 0 ? args : APPS) {
      if (!APPS.includes(app)) throw new Error(`unknown service ${app}`);
      const seconds = buildImage(app);
      console.log(
        `image shopwire/${app}:${IMAGE_TAG}: built in ${seconds.toFixed(1)} s, ${imageSizeMb(`shopwire/${app}:${IMAGE_TAG}`)} MB`,
      );
    }
  } else if (command === 'env') {
    const env = podmanEnv();
    console.log(
      JSON.stringify(
        Object.fromEntries(
          ['CONTAINERS_CONF', 'CONTAINERS_STORAGE_CONF', 'CONTAINERS_REGISTRIES_CONF', 'TMPDIR'].map((k) => [
            k,
            env[k],
          ]),
        ),
      ),
    );
  } else if (command === 'prune') podman(['image', 'prune', '--force'], { stdio: 'inherit' });
  else if (command === 'podman') process.exit(podman(args, { stdio: 'inherit', allowFail: true }).status ?? 1);
  else {
    console.error('usage: node scripts/images.mjs install | bases | build [service…] | env | prune | podman <args…>');
    process.exit(2);
  }
}
