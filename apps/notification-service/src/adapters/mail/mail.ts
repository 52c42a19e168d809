export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a mail that is ever sent twice can be recognised as one. */
  messageId: string;
}

/**
 * Records that the mail is being handed over for good. It runs once the server holds the whole message but has
 * not yet accepted it; if it fails, the server is told nothing more and discards the message.
 */
export type CommitMail = () => Promise<void>;

export interface Mailer {
  send(mail: OutgoingMail, commit: CommitMail): Promise<void>;
}

/** The mail was not taken: the server refused it or never got all of it. Sending it again cannot make a copy. */
export class MailNotAcceptedError extends Error {
  constructor(cause: Error) {
    super(`the mail was not accepted: ${cause.message}`, { cause });
    this.name = 'MailNotAcceptedError';
  }
}

/** After the commit the server gave no answer: it may hold the mail, so it must not be sent again. */
export class MailOutcomeUnknownError extends Error {
  constructor(cause: Error) {
    super(`the mail was handed over but the server did not answer: ${cause.message}`, { cause });
    this.name = 'MailOutcomeUnknownError';
  }
}
