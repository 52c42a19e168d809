import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpSink, startTestIssuer, type SmtpSink, type TestIssuer } from '@shopwire/testing';
import { removeServiceData, startNotificationService, type TestService } from './notification-service';

/** Where a suite's emails go: an SMTP sink of its own, or .eml files in a folder of its own (MAIL_TRANSPORT=file). */
export type MailTo = 'smtp' | 'files';

/** A notification-service with a token issuer and a mail destination of its own; `close` removes all of it. */
export type NotificationSuite<M extends MailTo> = {
  issuer: TestIssuer;
  svc: TestService;
  close(): Promise<void>;
} & (M extends 'smtp' ? { sink: SmtpSink } : { mailDir: string });

export interface NotificationSuiteOptions {
  /** Variables on top of the test service's (e.g. longer EVENT_RETRY_DELAYS_MS: its retry queues are removed too). */
  env?: Record<string, string>;
  /** How the mail folder's name starts (mail: 'files'). */
  mailDirPrefix?: string;
}

export async function startNotificationSuite<M extends MailTo>(
  mail: M,
  opts: NotificationSuiteOptions = {},
): Promise<NotificationSuite<M>> {
  const issuer = await startTestIssuer();
  const sink = mail === 'smtp' ? await startSmtpSink() : undefined;
  const mailDir =
    mail === 'files' ? mkdtempSync(join(tmpdir(), opts.mailDirPrefix ?? 'notification-mail-')) : undefined;
  const removeMail = async () => {
    await sink?.close();
    await issuer.close();
    if (mailDir) rmSync(mailDir, { recursive: true, force: true });
  };
  let svc: TestService;
  try {
    svc = await startNotificationService({
      issuer,
      sink,
      env: { ...(mailDir ? { MAIL_DIR: mailDir } : {}), ...opts.env },
    });
  } catch (err) {
    await removeMail();
    throw err;
  }
  const retryTiers = opts.env?.EVENT_RETRY_DELAYS_MS?.split(',').length;
  const suite = {
    issuer,
    svc,
    sink,
    mailDir,
    async close() {
      await svc.close();
      await removeServiceData(svc.consumerName, svc.db, retryTiers);
      await removeMail();
    },
  };
  return suite as unknown as NotificationSuite<M>;
}

/** Registers the suite's beforeAll (startNotificationSuite, the result handed to `ready`) and afterAll (its close). */
export function useNotificationSuite<M extends MailTo>(
  mail: M,
  opts: NotificationSuiteOptions,
  ready: (suite: NotificationSuite<M>) => void,
): void {
  let suite: NotificationSuite<M> | undefined;
  beforeAll(async () => {
    suite = await startNotificationSuite(mail, opts);
    ready(suite);
  });
  afterAll(() => suite?.close());
}
