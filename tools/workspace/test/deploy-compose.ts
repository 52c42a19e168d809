import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NAMES } from '@shopwire/testing';

export const root = join(__dirname, '..', '..', '..');

/** Every image: the gateway and the services the system launcher starts behind it. */
export const APPS = ['api-gateway', ...SERVICE_NAMES] as const;
export type App = (typeof APPS)[number];

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** docker-compose.yml as Compose reads it: anchors and `<<` merge keys resolved. */
export function readCompose(): ComposeFile {
  return parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

/** Compose interpolation of `${VAR:-default}` / `${VAR}` with an empty environment, as `docker compose config` does. */
export function interpolate(value: string, env: Record<string, string | undefined> = {}): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => env[name] || fallback || '',
  );
}

export interface ImageSpec {
  cmd: string[];
  env: Record<string, string>;
  /** The bundle the image's main.js starts (scripts/build.mjs writes that file): what `cmd` runs. */
  entry: string;
}

export const DOCKERFILE = join('deploy', 'docker', 'Dockerfile');

/** The build arguments compose passes for `app` (APP and PORT): the one Dockerfile is built with them. */
export function buildArgs(app: App): Record<string, string> {
  return readCompose().services[app]?.build?.args ?? {};
}

/** The runtime stage's CMD (exec form) and ENV of the Dockerfile built for `app`, its build arguments substituted. */
export function readImage(app: App): ImageSpec {
  const args = buildArgs(app);
  const text = readFileSync(join(root, DOCKERFILE), 'utf8').replace(
    /\$\{([A-Z_]+)\}/g,
    (_, name: string) => args[name] ?? '',
  );
  const runtime = text.slice(text.lastIndexOf('\nFROM '));
  const cmd = /^CMD (\[.*\])$/m.exec(runtime);
  if (!cmd?.[1]) throw new Error(`${app}: no exec-form CMD in the runtime stage`);
  const env: Record<string, string> = {};
  for (const line of runtime.matchAll(/^ENV (.+)$/gm)) {
    for (const pair of (line[1] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g)) env[pair[1] ?? ''] = pair[2] ?? '';
  }
  return { cmd: JSON.parse(cmd[1]) as string[], env, entry: `dist/apps/${app}/main.js` };
}

/** The sources of every COPY (not COPY --from) of the Dockerfile built for `app`, relative to the build context. */
export function copySources(app: App): string[] {
  const args = buildArgs(app);
  const text = readFileSync(join(root, DOCKERFILE), 'utf8').replace(
    /\$\{([A-Z_]+)\}/g,
    (_, name: string) => args[name] ?? '',
  );
  return [...text.matchAll(/^COPY\s+(.+)$/gm)]
    .map((match) => (match[1] ?? '').trim().split(/\s+/))
    .filter((words) => !words.some((word) => word.startsWith('--from=')))
    .flatMap((words) => words.filter((word) => !word.startsWith('--')).slice(0, -1));
}

/** Whether .dockerignore-style `patterns` exclude `path` from the build context (Docker's rules: last match wins). */
export function isIgnored(path: string, patterns: string[]): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/^\/+|\/+$/g, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\/?/g, '%GLOBSTAR%')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/%GLOBSTAR%/g, '(?:.*/)?')}$`,
    );
  const ancestors = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const regex = toRegExp(negated ? line.slice(1) : line);
    if (ancestors.some((prefix) => regex.test(prefix))) ignored = !negated;
  }
  return ignored;
}

export function readDockerignore(): string[] {
  return readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
}
