import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's root: the nearest folder upwards holding nx.json. Found, not assumed, because this code runs
 * from libs/testing/src under Jest and from a bundle in .data/tools/ when a tool (tools/loadgen/run-ts.mjs) runs it.
 */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${from}`);
  }
}
