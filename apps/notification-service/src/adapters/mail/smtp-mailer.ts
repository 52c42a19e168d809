import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { MailNotAcceptedError, MailOutcomeUnknownError, type CommitMail, type Mailer, type OutgoingMail } from './mail';

export interface SmtpMailerOptions {
  url: string;
  from: string;
  /** An attempt that has not reached the commit by then is abandoned (the server discards what it got). */
  commitDeadlineMs?: number;
}

const COMMIT_DEADLINE_MS = 20_000;

/** The composed message, handed to the server whole except its end, which waits for the commit to be recorded. */
class HeldMessage extends Readable {
  private started = false;
  constructor(
    private readonly raw: Buffer,
    private readonly onDataPhase: () => void,
  ) {
    super();
  }

  // Called first when the connection pipes the message, which it does only after the server's 354 to DATA.
  override _read(): void {
    if (this.started) return;
    this.started = true;
    this.push(this.raw);
    this.onDataPhase();
  }

  /** Lets the final dot go out: from here the server, not this process, decides. */
  release(): void {
    this.push(null);
  }
}

/**
 * SMTP with a commit point. The whole message goes out, then `commit` runs while the server waits for the final
 * dot; only once it has resolved does the dot follow. A process killed before the commit leaves a transaction the
 * server discards; one killed after it has written the dot to its socket, which the kernel still delivers. So the
 * record made by `commit` says truthfully that the server has (or, in the microseconds between the record's
 * acknowledgement and the write of the dot, was about to have) the mail.
 */
export function smtpMailer(opts: SmtpMailerOptions): Mailer {
  const connectionOptions = parseConnectionUrl(opts.url);
  const commitDeadlineMs = opts.commitDeadlineMs ?? COMMIT_DEADLINE_MS;

  return {
    async send(mail: OutgoingMail, commit: CommitMail): Promise<void> {
      const composed = new MailComposer({ ...mail, from: opts.from }).compile();
      const envelope = composed.getEnvelope();
      const raw = await composed.build();
      // No pool: each email opens its own connection, so an SMTP outage is a fast, clean failure per attempt.
      const connection = new SMTPConnection({
        ...connectionOptions,
        connectionTimeout: 5000,
        greetingTimeout: 5000,
        socketTimeout: 15000,
      });
      let committed = false;

      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const settle = (error?: Error): void => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          connection.close();
          if (!error) return resolve();
          // A reply from the server is a verdict; silence after the commit is not.
          const refused = !committed || (error as { responseCode?: number }).responseCode !== undefined;
          reject(refused ? new MailNotAcceptedError(error) : new MailOutcomeUnknownError(error));
        };
        const deadline = setTimeout(() => {
          if (!committed) settle(new Error(`the server did not take the message within ${commitDeadlineMs} ms`));
        }, commitDeadlineMs);

        const message = new HeldMessage(raw, () => {
          commit().then(
            () => {
              if (settled) return;
              committed = true;
              message.release();
            },
            (error: Error) => settle(error),
          );
        });

        connection.once('error', (error: Error) => settle(error));
        // As nodemailer's transport does: a close is a failure only if no answer follows it within a second.
        connection.once('end', () =>
          setTimeout(() => settle(new Error('the SMTP connection closed unexpectedly')), 1000).unref(),
        );
        connection.connect(() => {
          const send = (): void => connection.send(envelope, message, (error) => settle(error ?? undefined));
          if (!connectionOptions.auth) return send();
          connection.login(connectionOptions.auth as SMTPConnection.AuthenticationCredentials, (error) =>
            error ? settle(error) : send(),
          );
        });
      });
    },
  };
}
