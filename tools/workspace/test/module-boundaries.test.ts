import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

// Runs the real lint, as CI does, on a file that is never written to disk.
function boundaryErrors(file: string, code: string): string[] {
  const run = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: root, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries are enforced by lint', () => {
  it('when an app imports another app, then lint fails', () => {
    const errors = boundaryErrors('apps/order-service/src/forbidden.ts', "import { buildApp } from '../../catalog-service/src/app';\nexport const x = buildApp;\n");
    expect(errors).toHaveLength(1);
  });

  it('when a lib imports an app, then lint fails', () => {
    const errors = boundaryErrors('libs/service-kit/src/forbidden.ts', "import { buildApp } from '../../../apps/user-service/src/app';\nexport const x = buildApp;\n");
    expect(errors).toHaveLength(1);
  });

  it('when an app imports a shared lib through its public entry, then lint passes', () => {
    const errors = boundaryErrors('apps/order-service/src/allowed.ts', "import { AppError } from '@shopwire/service-kit';\nexport const x = AppError;\n");
    expect(errors).toEqual([]);
  });
});
