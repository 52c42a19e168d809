import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fp from 'fastify-plugin';
import nodemailer from 'nodemailer';
import type { MailTransport } from '../config';
import { smtpMailer } from './smtp-mailer';
import type { Mailer } from './mail';

export type { Mailer, OutgoingMail, CommitMail } from './mail';
export { MailNotAcceptedError, MailOutcomeUnknownError } from './mail';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export interface MailerOptions {
  transport: MailTransport;
  from: string;
}

function fileMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail, commit) {
      const info = await transport.sendMail({ ...mail, from });
      await mkdir(dir, { recursive: true });
      // Named by the message id: writing the same notification again replaces the file, so the commit can follow.
      await writeFile(join(dir, `${mail.messageId.replace(/[^A-Za-z0-9.@_-]/g, '')}.eml`), info.message as Buffer);
      await commit();
    },
  };
}

/** Email out, as MAIL_TRANSPORT says: SMTP, or .eml files in a folder (local runs and tests, nothing is sent). */
export const mailerPlugin = fp(
  async (app, { transport, from }: MailerOptions) => {
    if (transport.kind === 'smtp') {
      app.decorate('mailer', smtpMailer({ url: transport.smtpUrl, from }));
      return;
    }
    const dir = resolve(transport.mailDir);
    app.log.info({ mailDir: dir }, 'MAIL_TRANSPORT is file: emails are written as .eml files, none is sent');
    app.decorate('mailer', fileMailer(dir, from));
  },
  { name: 'notification-mailer' },
);
