// A real SMTP server on loopback (smtp-server) that keeps every mail it receives, parsed.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  parsed: ParsedMail;
  /** The message as it went over the wire. */
  raw: Buffer;
}

export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** While > 0, each incoming mail is refused with a temporary 451 (an SMTP outage). */
  refuseNext = 0;
  url = '';
  private server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: smtp-server's built-in certificate for STARTTLS has expired.
    disabledCommands: ['STARTTLS'],
    // Credentials in SMTP_URL are accepted over plain loopback, so tests can check they never reach a log.
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    // A mailbox that does not exist, for tests of permanent refusals.
    onRcptTo: (address, _session, callback) =>
      address.address.startsWith('refused@') ? callback(Object.assign(new Error('no such user'), { responseCode: 550 })) : callback(),
    disableReverseLookup: true,
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (this.refuseNext > 0) {
          this.refuseNext--;
          const error = Object.assign(new Error('try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        this.mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          messageId: parsed.messageId ?? '',
          parsed,
          raw,
        });
        callback();
      });
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
