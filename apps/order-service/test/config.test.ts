import { join } from 'node:path';
import { ConfigError, loadConfig } from '@shopwire/service-kit';
import { bundleEntry, startProcess, withDeadline } from '@shopwire/testing';
import { config } from '../src/config';

describe('order-service configuration', () => {
  it('when PAYMENT_PROVIDER is unset, then the process exits 1 before connecting anywhere, with one line naming it', async () => {
    // main.ts bundled as `npm run build` does; nothing else is wrong (every other variable has a default).
    const main = await bundleEntry(join(__dirname, '..', 'src', 'main.ts'), 'order-config');
    const proc = startProcess(process.execPath, [main], { env: { PATH: process.env.PATH } });
    const exit = await withDeadline(proc.exited, 15000, 'order-service to exit');
    expect(exit.code).toBe(1);
    expect(proc.output().trim()).toBe('order-service: Invalid configuration: PAYMENT_PROVIDER is required but not set');
  });

  it('when REPORT_CRON is not a cron expression, then the process exits 1 with one line naming it', async () => {
    const main = await bundleEntry(join(__dirname, '..', 'src', 'main.ts'), 'order-config');
    const proc = startProcess(process.execPath, [main], {
      env: { PATH: process.env.PATH, PAYMENT_PROVIDER: 'test', REPORT_CRON: 'every morning at six' },
    });
    const exit = await withDeadline(proc.exited, 15000, 'order-service to exit');
    expect(exit.code).toBe(1);
    expect(proc.output().trim()).toMatch(/^order-service: Invalid configuration: REPORT_CRON .*CronPattern/);
  });

  it('when PAYMENT_PROVIDER names no provider, then the error names it and the providers there are', () => {
    expect(() => loadConfig(config, { PAYMENT_PROVIDER: 'stripe' })).toThrow(
      new ConfigError('Invalid configuration: PAYMENT_PROVIDER must be equal to one of the allowed values (test)'),
    );
  });

  it('when PAYMENT_PROVIDER is test, then the configuration is valid', () => {
    expect(loadConfig(config, { PAYMENT_PROVIDER: 'test' }).PAYMENT_PROVIDER).toBe('test');
  });
});
