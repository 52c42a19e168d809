import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fp from 'fastify-plugin';
import nodemailer from 'nodemailer';
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
  smtpUrl?: string;
  from: string;
  mailDir: string;
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

/** Email out: SMTP when SMTP_URL is set, otherwise .eml files in a folder (local runs without a mail server). */
export const mailerPlugin = fp(
  async (app, opts: MailerOptions) => {
    if (opts.smtpUrl) {
      app.decorate('mailer', smtpMailer({ url: opts.smtpUrl, from: opts.from }));
      return;
    }
    const dir = resolve(opts.mailDir);
    app.log.info({ mailDir: dir }, 'SMTP_URL is unset: emails are written as .eml files');
    app.decorate('mailer', fileMailer(dir, opts.from));
  },
  { name: 'notification-mailer' },
);
