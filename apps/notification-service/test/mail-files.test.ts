import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@shopwire/testing';
import { newUser, publish } from './support/notification-service';
import { useNotificationSuite } from './support/notification-suite';

describe('email without an SMTP server', () => {
  let mailDir: string;
  useNotificationSuite('files', {}, (suite) => ({ mailDir } = suite));

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
