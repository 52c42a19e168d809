import { join } from 'node:path';
import { repoRoot, startProcess, withDeadline } from '@shopwire/testing';

const ROOT = repoRoot();

/** Runs `npm run ops -- …` the way an operator does (node scripts/ops.mjs), with the test's services. */
export async function runOpsProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  const proc = startProcess(process.execPath, [join(ROOT, 'scripts', 'ops.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  const { code } = await withDeadline(proc.exited, 60000, `ops ${args.join(' ')} to exit`);
  return { code, stdout: proc.output() };
}
