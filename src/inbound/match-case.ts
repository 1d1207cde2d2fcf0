// Which case a mail to the desk is about, as far as the mail itself says: the plus address the bot
// put in Reply-To, the Message-IDs of the bot's own mails it replies to, or a case ID in the subject.
// Pure extraction in the order they are trusted; looking the references up is the caller's work.
import { caseKey } from '../forms/validators.js';
import type { InboundMail } from './inbound-mail.js';
import { SIGNED_MESSAGE_ID } from '../mail/message-ids.js';

export interface CaseReferences {
  /** From `desk+mdoc-0001@…` in To, Cc or Delivered-To, normalised to `MDOC-0001`. */
  plusKey?: string;
  /**
   * What look like the bot's own Message-IDs this mail replies to, whole, In-Reply-To first, then
   * References newest first. The older IDs without a tag (`<notification-12.MDOC-0001@mdoc-desk>`) are
   * guessable and not among them; a reply to such a mail finds its case by the plus address or subject.
   */
  sentMessageIds: string[];
  /** A case ID in the subject, normalised (`ＭＤＯＣ－１` → `MDOC-0001`). */
  subjectKey?: string;
}

/** The shape of the bot's own Message-IDs (src/mail/message-ids.ts); whether one is genuine, its tag says. */
const SENT_MESSAGE_ID = new RegExp(`^${SIGNED_MESSAGE_ID.source}$`);
/** A case ID in free text: MDOC, an optional dash, up to nine digits, not inside a longer word or number. */
const SUBJECT_KEY = /(?<![A-Za-z0-9])MDOC[-‐‑–—−ー_ ]?(\d{1,9})(?!\d)/i;

export function caseReferences(mail: Pick<InboundMail, 'to' | 'cc' | 'deliveredTo' | 'inReplyTo' | 'references' | 'subject'>, deskAddress: string): CaseReferences {
  const references: CaseReferences = { sentMessageIds: sentMessageIds(mail) };
  const plusKey = plusKeyIn([...mail.to, ...mail.cc, ...mail.deliveredTo], deskAddress);
  if (plusKey) references.plusKey = plusKey;
  const subjectKey = subjectKeyIn(mail.subject);
  if (subjectKey) references.subjectKey = subjectKey;
  return references;
}

/** The address replies about a case go to: `desk@example.go.jp`, `MDOC-0001` → `desk+mdoc-0001@example.go.jp`. */
export function plusAddress(deskAddress: string, key: string): string {
  const { local, domain } = split(deskAddress);
  return `${local}+${key.toLowerCase()}@${domain}`;
}

/** The bare address in MAIL_FROM: `mdoc事業者申請窓口 <desk@example.go.jp>` → `desk@example.go.jp`. */
export function deskAddressOf(mailFrom: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(mailFrom);
  return (bracketed?.[1] ?? mailFrom).trim();
}

function split(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) throw new Error(`not a mail address: ${address}`);
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

function plusKeyIn(addresses: string[], deskAddress: string): string | undefined {
  const { local, domain } = split(deskAddress.toLowerCase());
  for (const address of addresses) {
    const { local: candidateLocal, domain: candidateDomain } = splitOrEmpty(address.toLowerCase());
    if (candidateDomain !== domain || !candidateLocal.startsWith(`${local}+`)) continue;
    const match = /^mdoc-(\d{4,9})$/.exec(candidateLocal.slice(local.length + 1));
    if (match) return `MDOC-${match[1]}`;
  }
  return undefined;
}

function splitOrEmpty(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return at === -1 ? { local: '', domain: '' } : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

function sentMessageIds(mail: Pick<InboundMail, 'inReplyTo' | 'references'>): string[] {
  const candidates = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  return [...new Set(candidates.filter((id) => SENT_MESSAGE_ID.test(id)))];
}

function subjectKeyIn(subject: string): string | undefined {
  const digits = SUBJECT_KEY.exec(subject.normalize('NFKC'))?.[1];
  if (digits === undefined) return undefined;
  const checked = caseKey(digits);
  return checked.ok ? checked.value : undefined;
}
