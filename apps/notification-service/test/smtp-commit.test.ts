import { randomUUID } from 'node:crypto';
import { freePort, startSmtpSink, waitFor, type SmtpSink } from '@shopwire/testing';
import { MailNotAcceptedError, MailOutcomeUnknownError } from '../src/adapters/mail/mail';
import { smtpMailer } from '../src/adapters/mail/smtp-mailer';
import { FROM, withAnsweringServer } from './support/answering-smtp';

function mailTo(to: string) {
  const id = randomUUID();
  return { to, subject: `commit ${id}`, text: 'text', html: '<p>html</p>', messageId: `<${id}@commit.test>` };
}

describe('handing an email to the SMTP server with a commit point', () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });

  it('when the commit succeeds, then it ran while the server held the message unaccepted, and the server accepts it once after', async () => {
    const mail = mailTo(`${randomUUID()}@commit.test`);
    const acceptedAtCommit: number[] = [];

    await smtpMailer({ url: sink.url, from: FROM }).send(mail, async () => {
      acceptedAtCommit.push(sink.mailsTo(mail.to).length);
    });

    expect(acceptedAtCommit).toEqual([0]);
    expect(sink.mailsTo(mail.to).map((m) => m.messageId)).toEqual([mail.messageId]);
  });

  it('when the commit fails, then the send fails as not accepted and the server discards the message', async () => {
    const mail = mailTo(`${randomUUID()}@commit.test`);

    const sent = smtpMailer({ url: sink.url, from: FROM }).send(mail, async () => {
      throw new Error('the store is down');
    });

    await expect(sent).rejects.toBeInstanceOf(MailNotAcceptedError);
    await waitFor(() => sink.openSessions() === 0, { timeoutMs: 10000, description: 'the SMTP session to end' });
    expect(sink.mailsTo(mail.to)).toEqual([]);
  });

  it('when the server refuses the message after the commit, then the send fails as not accepted', async () => {
    await withAnsweringServer('refuse', async (server) => {
      const mail = mailTo(`${randomUUID()}@commit.test`);
      const sent = smtpMailer({ url: server.url, from: FROM }).send(mail, async () => undefined);
      await expect(sent).rejects.toBeInstanceOf(MailNotAcceptedError);
      expect(server.taken).toHaveLength(1);
    });
  });

  it('when the connection drops after the commit without an answer, then the send fails as of unknown outcome', async () => {
    await withAnsweringServer('drop', async (server) => {
      const mail = mailTo(`${randomUUID()}@commit.test`);
      const sent = smtpMailer({ url: server.url, from: FROM }).send(mail, async () => undefined);
      await expect(sent).rejects.toBeInstanceOf(MailOutcomeUnknownError);
      expect(server.taken[0]).toContain(mail.messageId);
    });
  });

  it('when the server cannot be reached, then the send fails as not accepted and the commit never runs', async () => {
    const commits: string[] = [];
    const sent = smtpMailer({ url: `smtp://127.0.0.1:${await freePort()}`, from: FROM }).send(
      mailTo('nobody@commit.test'),
      async () => {
        commits.push('commit');
      },
    );
    await expect(sent).rejects.toBeInstanceOf(MailNotAcceptedError);
    expect(commits).toEqual([]);
  });
});
