import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fp from 'fastify-plugin';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a mail that is ever sent twice can be recognised as one. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

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

function smtpMailer(url: string, from: string): Mailer {
  // No pool: each email opens its own connection, so an SMTP outage is a fast, clean failure per attempt.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 15000 });
  return {
    async send(mail) {
      await transport.sendMail({ ...mail, from });
    },
  };
}

function fileMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({ ...mail, from });
      await mkdir(dir, { recursive: true });
      // Named by the message id: writing the same notification again replaces the file.
      await writeFile(join(dir, `${mail.messageId.replace(/[^A-Za-z0-9.@_-]/g, '')}.eml`), info.message as Buffer);
    },
  };
}

/** Email out: SMTP when SMTP_URL is set, otherwise .eml files in a folder (local runs without a mail server). */
export const mailerPlugin = fp(
  async (app, opts: MailerOptions) => {
    if (opts.smtpUrl) {
      app.decorate('mailer', smtpMailer(opts.smtpUrl, opts.from));
      return;
    }
    const dir = resolve(opts.mailDir);
    app.log.info({ mailDir: dir }, 'SMTP_URL is unset: emails are written as .eml files');
    app.decorate('mailer', fileMailer(dir, opts.from));
  },
  { name: 'notification-mailer' },
);
