import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

// Runs the real lint, as CI does, on a file that is never written to disk.
function boundaryErrors(file: string, code: string, rule = '@nx/enforce-module-boundaries'): string[] {
  const run = spawnSync(
    join(root, 'node_modules', '.bin', 'eslint'),
    ['--stdin', '--stdin-filename', file, '--format', 'json'],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('module boundaries are enforced by lint', () => {
  it('when an app imports another app, then lint fails', () => {
    const errors = boundaryErrors(
      'apps/order-service/src/forbidden.ts',
      "import { buildApp } from '../../catalog-service/src/app';\nexport const x = buildApp;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('when a lib imports an app, then lint fails', () => {
    const errors = boundaryErrors(
      'libs/service-kit/src/forbidden.ts',
      "import { buildApp } from '../../../apps/user-service/src/app';\nexport const x = buildApp;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('when a tool imports e2e internals, then lint fails', () => {
    const errors = boundaryErrors(
      'tools/faults/src/forbidden.ts',
      "import { MERGED_OPENAPI_PATH } from '../../../e2e/test/openapi-audit';\nexport const x = MERGED_OPENAPI_PATH;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('when the bench imports an app, then lint fails', () => {
    const errors = boundaryErrors(
      'tools/bench/src/forbidden.ts',
      "import { buildApp } from '../../../apps/order-service/src/app';\nexport const x = buildApp;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('when a tool imports the system launcher and the load generator through their public entries, then lint passes', () => {
    const errors = boundaryErrors(
      'tools/faults/src/allowed.ts',
      "import { startSystem } from '@shopwire/testing';\nimport { runLoad } from '@shopwire/loadgen';\nexport const x = [startSystem, runLoad];\n",
    );
    expect(errors).toEqual([]);
  });

  it('when an app imports the load generator (a tool), then lint fails', () => {
    const errors = boundaryErrors(
      'apps/order-service/src/forbidden.ts',
      "import { runLoad } from '@shopwire/loadgen';\nexport const x = runLoad;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('when service code imports the test rigs, then lint fails; a test of the same app may', () => {
    const code = "import { startSystem } from '@shopwire/testing';\nexport const x = startSystem;\n";
    expect(boundaryErrors('apps/order-service/src/forbidden.ts', code, 'no-restricted-imports')).toHaveLength(1);
    expect(boundaryErrors('apps/order-service/test/allowed.test.ts', code, 'no-restricted-imports')).toEqual([]);
  });

  it('when an app imports a shared lib through its public entry, then lint passes', () => {
    const errors = boundaryErrors(
      'apps/order-service/src/allowed.ts',
      "import { AppError } from '@shopwire/service-kit';\nexport const x = AppError;\n",
    );
    expect(errors).toEqual([]);
  });
});
