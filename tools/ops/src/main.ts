import { runOps } from './ops-cli';

// The operator CLI's entry point: `npm run ops -- <command>`.
void runOps(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
