import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@shopwire/testing';
import { metric, newUser, publish, waitForMetric, type TestService } from './notification-service';
import { startNotificationSuite } from './notification-suite';

type User = ReturnType<typeof newUser>;

/** A notification-service writing mail to files of its own, and how to read what an admin or a customer got. */
export interface AdminNotificationsSetup {
  svc: TestService;
  /** The user's inbox, with a token issued after the roles changes (access version 20), as a fresh login would get. */
  inboxOf(userId: string): Promise<Array<{ type: string; title: string; body: string }>>;
  mailsTo(email: string): string[];
  /** Waits until the user's inbox holds an item of `type`, and returns the whole inbox. */
  waitForInboxWith(
    userId: string,
    type: string,
    description: string,
  ): Promise<Array<{ type: string; title: string; body: string }>>;
  /** Waits until an email to `email` contains `text`, and returns all emails to that address. */
  waitForMailWith(email: string, text: string, description: string): Promise<string[]>;
  /** Registers an admin, an admin demoted again and a customer, and waits until their roles are known. */
  adminDemotedAndCustomer(): Promise<[admin: User, demoted: User, customer: User]>;
  close(): Promise<void>;
}

export async function startAdminNotifications(mailDirPrefix: string): Promise<AdminNotificationsSetup> {
  const { issuer, svc, mailDir, close } = await startNotificationSuite('files', { mailDirPrefix });
  const inboxOf: AdminNotificationsSetup['inboxOf'] = async (userId) => {
    const token = await issuer.sign({ sub: userId, accessVersion: 20 });
    const res = await svc.app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.statusCode !== 200) throw new Error(`inbox answered ${res.statusCode}: ${res.body}`);
    return res.json().items;
  };
  // Headers unfolded, so a long subject reads as one line.
  const mailsTo: AdminNotificationsSetup['mailsTo'] = (email) =>
    readdirSync(mailDir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(join(mailDir, f), 'utf8').replace(/\r?\n[ \t]+/g, ' '))
      .filter((eml) => eml.includes(`To: ${email}`));
  return {
    svc,
    inboxOf,
    mailsTo,
    waitForInboxWith: (userId, type, description) =>
      waitFor(
        async () => {
          const items = await inboxOf(userId);
          return items.some((i) => i.type === type) && items;
        },
        { description },
      ),
    waitForMailWith: (email, text, description) =>
      waitFor(() => (mailsTo(email).some((eml) => eml.includes(text)) ? mailsTo(email) : undefined), {
        description,
      }),
    async adminDemotedAndCustomer() {
      const [admin, demoted, customer] = [newUser(), newUser(), newUser()];
      const before = await metric(svc.app, 'consumed', 'user.roles.changed');
      for (const user of [admin, demoted, customer]) await publish('user.registered', user);
      await publish('user.roles.changed', { userId: admin.userId, roles: ['customer', 'admin'], accessVersion: 10 });
      await publish('user.roles.changed', { userId: demoted.userId, roles: ['customer', 'admin'], accessVersion: 10 });
      await publish('user.roles.changed', { userId: demoted.userId, roles: ['customer'], accessVersion: 20 });
      await waitForMetric(svc.app, 'consumed', 'user.roles.changed', before + 3);
      return [admin, demoted, customer];
    },
    close,
  };
}

/** Registers the suite's beforeAll (startAdminNotifications, the result handed to `ready`) and afterAll (its close). */
export function useAdminNotifications(mailDirPrefix: string, ready: (setup: AdminNotificationsSetup) => void): void {
  let setup: AdminNotificationsSetup | undefined;
  beforeAll(async () => {
    setup = await startAdminNotifications(mailDirPrefix);
    ready(setup);
  });
  afterAll(() => setup?.close());
}
