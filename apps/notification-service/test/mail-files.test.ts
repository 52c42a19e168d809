import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestIssuer, waitFor, type TestIssuer } from '@shopwire/testing';
import {
  newUser,
  publish,
  removeServiceData,
  startNotificationService,
  type TestService,
} from './support/notification-service';

describe('email without an SMTP server', () => {
  let issuer: TestIssuer;
  let svc: TestService;
  let mailDir: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    mailDir = mkdtempSync(join(tmpdir(), 'notification-mail-'));
    svc = await startNotificationService({ issuer, env: { MAIL_TRANSPORT: 'file', MAIL_DIR: mailDir } });
  });
  afterAll(async () => {
    await svc?.close();
    await removeServiceData(svc.consumerName, svc.db);
    await issuer?.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('when MAIL_TRANSPORT is file, then each email is written as one .eml file under MAIL_DIR', async () => {
    const user = newUser();

    await publish('user.registered', user);

    const file = await waitFor(() => readdirSync(mailDir).find((f) => f.endsWith('.eml')));
    const eml = readFileSync(join(mailDir, file), 'utf8');
    expect(eml).toMatch(new RegExp(`^To: ${user.email}$`, 'm'));
    expect(eml).toMatch(/^Subject: Welcome to Shopwire$/m);
    expect(eml).toMatch(/^From: Shopwire <no-reply@shopwire\.example>$/m);
  });
});
