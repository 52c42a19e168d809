import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './ports';
import { waitFor } from './wait';

export interface ReceivedMail {
  /** SMTP envelope recipients, lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
}

export interface SmtpSink {
  url: string;
  port: number;
  /** Every message accepted so far, in arrival order (kept across stop/start). */
  readonly received: ReceivedMail[];
  mailsTo(address: string): ReceivedMail[];
  /** SMTP sessions still open: zero once every client has finished or been dropped (and any unfinished message discarded). */
  openSessions(): number;
  /** Resolves with the first message to `address` that `match` accepts; fails after the deadline. */
  waitForMail(address: string, match?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Closes the port, dropping open connections: SMTP is down until `start`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server on a free local port that keeps what it receives, for tests of services that send email. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let server: SMTPServer | undefined;

  const listen = async (): Promise<void> => {
    const next = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    next.on('error', () => undefined);
    server = next;
  };

  const stop = async (): Promise<void> => {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  const mailsTo = (address: string): ReceivedMail[] => received.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    mailsTo,
    openSessions: () => server?.connections.size ?? 0,
    waitForMail: (address, match = () => true, timeoutMs = 20000) =>
      waitFor(() => mailsTo(address).find(match), { timeoutMs, description: `an email to ${address}` }),
    stop,
    start: listen,
    close: stop,
  };
}
