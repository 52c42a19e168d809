import { join } from 'node:path';
import { ConfigError, loadConfig } from '@shopwire/service-kit';
import { bundleEntry, startProcess, withDeadline } from '@shopwire/testing';
import { buildApp } from '../src/app';
import { config, mailTransportOf } from '../src/config';

async function startupFailure(
  main: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const proc = startProcess(process.execPath, [main], { env: { PATH: process.env.PATH, ...env } });
  const exit = await withDeadline(proc.exited, 15000, 'notification-service to exit');
  return { code: exit.code, output: proc.output().trim() };
}

describe('notification-service configuration', () => {
  let main: string;
  beforeAll(async () => {
    // main.ts bundled as `npm run build` does.
    main = await bundleEntry(join(__dirname, '..', 'src', 'main.ts'), 'notification-config');
  });

  it('when MAIL_TRANSPORT is unset, then the process exits 1 with one line naming it', async () => {
    expect(await startupFailure(main, {})).toEqual({
      code: 1,
      output: 'notification-service: Invalid configuration: MAIL_TRANSPORT is required but not set',
    });
  });

  it('when MAIL_TRANSPORT is smtp without SMTP_URL, then the process exits 1 with one line naming SMTP_URL', async () => {
    expect(await startupFailure(main, { MAIL_TRANSPORT: 'smtp' })).toEqual({
      code: 1,
      output: 'notification-service: Invalid configuration: SMTP_URL is required but not set (MAIL_TRANSPORT is smtp)',
    });
  });

  it('when MAIL_TRANSPORT is smtp without SMTP_URL, then building the app refuses before it connects anywhere', async () => {
    const attempt = buildApp(
      loadConfig(config, {
        MAIL_TRANSPORT: 'smtp',
        MONGO_URL: 'mongodb://127.0.0.1:1',
        AMQP_URL: 'amqp://127.0.0.1:1',
      }),
    );
    await expect(attempt).rejects.toThrow(
      new ConfigError('Invalid configuration: SMTP_URL is required but not set (MAIL_TRANSPORT is smtp)'),
    );
  });

  it('when MAIL_TRANSPORT names something else, then the error names it and the transports there are', () => {
    expect(() => loadConfig(config, { MAIL_TRANSPORT: 'sendmail' })).toThrow(
      new ConfigError('Invalid configuration: MAIL_TRANSPORT must be equal to one of the allowed values (smtp, file)'),
    );
  });

  it('when MAIL_TRANSPORT is file or smtp with SMTP_URL, then the transport says where mail goes; file ignores SMTP_URL', () => {
    expect(
      mailTransportOf(
        loadConfig(config, { MAIL_TRANSPORT: 'file', MAIL_DIR: '/tmp/mail', SMTP_URL: 'smtp://mail:25' }),
      ),
    ).toEqual({ kind: 'file', mailDir: '/tmp/mail' });
    expect(mailTransportOf(loadConfig(config, { MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail:25' }))).toEqual({
      kind: 'smtp',
      smtpUrl: 'smtp://mail:25',
    });
  });
});
