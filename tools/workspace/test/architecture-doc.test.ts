import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/**
 * The files a line of the doc names: full paths as written, and paths such as `orders/place-order.ts` read
 * against the src/ of the app the line names first (the diagram and the tables write them that way).
 */
export function namedFiles(doc: string): string[] {
  const files = new Set<string>();
  for (const line of doc.split('\n')) {
    const app = /\bapps\/([\w-]+)/.exec(line)?.[1];
    for (const match of line.matchAll(/(?<![\w/.-])([\w.-]+(?:\/[\w.-]+)+\.(?:ts|md|mjs))\b/g)) {
      const path = match[1] ?? '';
      if (/^(apps|libs|tools|docs|scripts|e2e)\//.test(path)) files.add(path);
      else if (app) files.add(`apps/${app}/src/${path}`);
    }
  }
  return [...files];
}

// docs/architecture.md is how a newcomer finds code: every file it names must exist.
describe('docs/architecture.md', () => {
  const named = namedFiles(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8'));

  it('when it names files, then there are enough of them to follow an order through the code', () => {
    expect(named.length).toBeGreaterThan(25);
  });

  it.each(named)('when it names %s, then the file exists', (file) => {
    expect(existsSync(join(root, file))).toBe(true);
  });

  it('when a line names a file of an app that is not there, then the check finds it (it can fail)', () => {
    const [file] = namedFiles('apps/order-service  consumers/no-such.consumer.ts');
    expect(file).toBe('apps/order-service/src/consumers/no-such.consumer.ts');
    expect(existsSync(join(root, file ?? ''))).toBe(false);
  });
});
