import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Mailer } from './mail';

/** Emails as .eml files in a folder (local runs and tests): nothing is sent. */
export function fileMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail, commit) {
      const info = await transport.sendMail({ ...mail, from });
      await mkdir(dir, { recursive: true });
      // Named by the message id: writing the same notification again replaces the file, so the commit can follow.
      const file = join(dir, `${mail.messageId.replace(/[^A-Za-z0-9.@_-]/g, '')}.eml`);
      // Written aside and renamed into place, so a reader never finds half an email under the .eml name.
      const draft = `${file}.${randomUUID()}.draft`;
      await writeFile(draft, info.message as Buffer);
      await rename(draft, file);
      await commit();
    },
  };
}
