// Shared by broker.mjs and store.mjs: the command line of a script that is also imported as a module.

/**
 * When the script at `moduleUrl` is the one node was asked to run, runs the handler that `commands` names for its
 * first argument (`fallback` when there is none): an unknown command prints the usage and exits 2, a handler that
 * throws prints `[name] message` and exits 1. Imported as a module, it does nothing.
 */
export async function runCommandLine(moduleUrl, name, commands, fallback) {
  if (moduleUrl !== `file://${process.argv[1]}`) return;
  const handler = commands[process.argv[2] ?? fallback];
  if (!handler) {
    console.error(`usage: node scripts/${name}.mjs ${Object.keys(commands).join('|')}`);
    process.exit(2);
  }
  try {
    await handler();
  } catch (error) {
    console.error(`[${name}] ${error.message}`);
    process.exit(1);
  }
}
