// What a bounce says: for whom delivery failed, the status and the server's words, and the Message-ID of
// the mail it returns (from the returned message or its headers, quoted in the text, or named in
// In-Reply-To/References). Pure. Everything here comes from whoever sent the bounce: it is kept short,
// shown escaped, and the Message-IDs are trusted only once their tag is checked (src/mail/message-ids.ts).
import type { ClassifiedMail } from './classify-mail.js';

export interface BounceRecipient {
  address?: string;
  action?: string;
  status?: string;
  diagnostic?: string;
}

export interface BounceReport {
  /** dsn: an RFC 3464 report; text: a bounce in the server's own words. */
  form: 'dsn' | 'text';
  /** Some recipient failed for good (a report of delays only is no bounce). */
  failed: boolean;
  recipients: BounceRecipient[];
  /** The first enhanced status code given (5.1.1). */
  status?: string;
  /** The server's diagnostic, or the start of the bounce's text. */
  diagnostic: string;
  /** Message-IDs of the returned mail, as the bounce quotes them, most telling first. */
  returnedIds: string[];
}

const MAX_RECIPIENTS = 10;
const MAX_FIELD = 300;
const MAX_DIAGNOSTIC = 1000;
/** Attachments larger than this are not searched for the returned Message-ID. */
const MAX_SEARCHED = 2 * 1024 * 1024;
const STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/;
const QUOTED_MESSAGE_ID = /^[ \t>]*Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]{1,995}>)/gim;
/** Where a text bounce's own words end and the copy of the returned mail begins. */
const COPY_STARTS = /^(?:[ \t>]*(?:Return-Path|Received|Message-ID|DKIM-Signature|MIME-Version):|.*-{3,}.*(?:copy|original|returned|below|以下)|Reporting-MTA:)/im;

export function readBounce(mail: ClassifiedMail, form: 'dsn' | 'text'): BounceReport {
  const recipients = form === 'dsn' ? dsnRecipients(mail.text) : failedRecipients(mail.headers.find((h) => h.key === 'x-failed-recipients')?.value);
  const words = ownWords(mail.text);
  const status = recipients.find((r) => r.status)?.status ?? STATUS.exec(words)?.[1];
  const diagnostic = recipients.find((r) => r.diagnostic)?.diagnostic ?? words;
  const failed = form === 'text' || recipients.length === 0 || recipients.some(failedFor);
  return { form, failed, recipients, ...(status ? { status } : {}), diagnostic: cut(diagnostic, MAX_DIAGNOSTIC), returnedIds: returnedIds(mail) };
}

/** What a report says of a recipient whose mail is still on its way, or arrived. */
const NO_FAILURE = new Set(['delayed', 'delivered', 'relayed', 'expanded']);

/** Failed for good: a permanent status, or an action such as failed or expired (or none, unless the status says temporary). */
function failedFor(r: BounceRecipient): boolean {
  if (r.status?.startsWith('5')) return true;
  return r.action ? !NO_FAILURE.has(r.action.toLowerCase()) : !r.status?.startsWith('4');
}

/** The per-recipient groups of a message/delivery-status part (which the parsed text carries). */
function dsnRecipients(text: string): BounceRecipient[] {
  const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
  const groups = unfolded.split(/\n\s*\n/).filter((group) => /^(?:Final|Original)-Recipient:/im.test(group));
  return groups.slice(0, MAX_RECIPIENTS).map((group) => {
    const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(group)?.[1]?.trim();
    const recipient: BounceRecipient = {};
    const address = withoutType(field('Final-Recipient') ?? field('Original-Recipient'));
    const action = field('Action');
    const status = STATUS.exec(field('Status') ?? '')?.[1];
    const diagnostic = withoutType(field('Diagnostic-Code'));
    if (address) recipient.address = cut(address, MAX_FIELD);
    if (action) recipient.action = cut(action, 40);
    if (status) recipient.status = status;
    if (diagnostic) recipient.diagnostic = cut(diagnostic, MAX_FIELD);
    return recipient;
  });
}

/** `rfc822; taro@example.jp` → `taro@example.jp`; `smtp; 550 …` → `550 …`. */
function withoutType(value: string | undefined): string | undefined {
  return value?.replace(/^[A-Za-z0-9-]+\s*;\s*/, '').trim() || undefined;
}

/** Exim's and Gmail's X-Failed-Recipients. */
function failedRecipients(header: string | undefined): BounceRecipient[] {
  return (header ?? '')
    .split(',')
    .map((a) => a.trim().replace(/^<|>$/g, ''))
    .filter(Boolean)
    .slice(0, MAX_RECIPIENTS)
    .map((address) => ({ address: cut(address, MAX_FIELD) }));
}

/** The bounce's own words: its text up to the copy of the returned mail, blank lines squeezed. */
function ownWords(text: string): string {
  const start = COPY_STARTS.exec(text);
  const words = start ? text.slice(0, start.index) : text;
  return words.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

function returnedIds(mail: ClassifiedMail): string[] {
  const quoted = [mail.text, ...mail.attachments.filter((a) => a.content.length <= MAX_SEARCHED).map((a) => a.content.toString('latin1'))].flatMap((text) =>
    [...text.matchAll(QUOTED_MESSAGE_ID)].map((m) => m[1]!),
  );
  return [...new Set([...quoted, ...(mail.inReplyTo ? [mail.inReplyTo] : []), ...mail.references])];
}

function cut(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
