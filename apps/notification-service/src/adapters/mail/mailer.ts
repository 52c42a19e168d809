import { resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { MailTransport } from '../../config';
import { fileMailer } from './file-mailer';
import type { Mailer } from './mail';
import { smtpMailer } from './smtp-mailer';

/** Email out, as MAIL_TRANSPORT says: SMTP, or .eml files in a folder (local runs and tests, nothing is sent). */
export function createMailer(transport: MailTransport, from: string, log: FastifyBaseLogger): Mailer {
  if (transport.kind === 'smtp') return smtpMailer({ url: transport.smtpUrl, from });
  const dir = resolve(transport.mailDir);
  log.info({ mailDir: dir }, 'MAIL_TRANSPORT is file: emails are written as .eml files, none is sent');
  return fileMailer(dir, from);
}
