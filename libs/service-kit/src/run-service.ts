import closeWithGrace from 'close-with-grace';
import type { TProperties, Static, TObject } from '@sinclair/typebox';
import { ConfigError, loadConfig } from './config';
import type { ServiceApp } from './server';

export interface RunServiceOptions<P extends TProperties> {
  service: string;
  config: P;
  build(config: Static<TObject<P>>): Promise<ServiceApp> | ServiceApp;
  /** Runs after the app closed on shutdown, inside the grace period (e.g. flushing buffered spans). */
  onShutdown?: () => Promise<void>;
}

/**
 * What every main.ts does: validate the environment (one clear line and exit 1 when it is wrong), build the
 * app, listen, and on SIGTERM/SIGINT stop taking requests, finish the ones in flight and exit 0.
 */
export async function runService<P extends TProperties>(opts: RunServiceOptions<P>): Promise<void> {
  let config: Static<TObject<P>> & { HOST?: string; PORT?: number; SHUTDOWN_GRACE_MS?: number };
  try {
    config = loadConfig(opts.config);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : String(error);
    process.stderr.write(`${opts.service}: ${message}\n`);
    process.exit(1);
  }
  let app: ServiceApp;
  try {
    app = await opts.build(config);
  } catch (error) {
    // What the schema cannot say (variables that go together) is checked while building: the same one line.
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${opts.service}: ${error.message}\n`);
    process.exit(1);
  }
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS ?? 10000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, shutting down');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await opts.onShutdown?.();
  });
  try {
    await app.listen({ host: config.HOST ?? '127.0.0.1', port: config.PORT ?? 0 });
  } catch (err) {
    app.log.error({ err }, 'could not listen');
    process.exit(1);
  }
}
