// Sends mail over SMTP, or, with no SMTP_URL, writes each mail as an .eml file under the data directory
// so that nothing is lost silently on a machine without a mail server.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';

export interface MailAttachment {
  /** Non-ASCII names are encoded by nodemailer (RFC 2231), which Japanese mail clients show. */
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Derived from the notification, so that a resent mail is recognisable as the same one (src/mail/message-ids.ts). */
  messageId: string;
  /** The case's plus address: a reply finds its case by it. */
  replyTo?: string;
  attachments?: MailAttachment[];
}

/**
 * On every mail the bot sends. RFC 3834: the mail is machine-made, so auto-responders (out-of-office
 * replies) must not answer it. Exchange reads its own header for that instead; non-delivery reports are
 * not suppressed, since the desk wants to know of them.
 */
export const AUTOMATIC_MAIL_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' } as const;

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailTransportOptions {
  smtpUrl?: string;
  dataDir: string;
  from: string;
  logger: Logger;
}

export function createMailTransport({ smtpUrl, dataDir, from, logger }: MailTransportOptions): MailTransport {
  if (smtpUrl) {
    const transporter = nodemailer.createTransport(smtpUrl);
    return {
      async send(mail) {
        await transporter.sendMail({ from, ...mail, headers: AUTOMATIC_MAIL_HEADERS });
      },
      close: () => transporter.close(),
    };
  }
  const dir = path.resolve(dataDir, 'mail');
  logger.info({ dir }, 'no SMTP_URL: mails are written as .eml files');
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transporter.sendMail({ from, ...mail, headers: AUTOMATIC_MAIL_HEADERS });
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${mail.messageId.replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info({ file, to: mail.to }, 'mail written to file');
    },
    close: () => transporter.close(),
  };
}
