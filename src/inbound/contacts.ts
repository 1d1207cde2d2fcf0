// Who may write as the applicant of a case: its contacts, the addresses its forms give (declared with
// `contact: true`, the intake's メールアドレス) and those a reviewer added. Pure. A message counts as the
// applicant's only when its From is one of them and, where our mail server vouches for senders, it
// passed DMARC. The display name is never looked at: anyone can write any name.
import { domainToASCII } from 'node:url';
import { FORMS } from '../forms/declarations.js';
import type { CaseFields } from '../workflow/conditions.js';
import type { STRANGER_REASONS } from './inbound-record.js';
import type { SenderVerification } from './sender-verification.js';

/**
 * An address in the form two spellings of one mailbox share: the domain as IDNA ASCII in lower case
 * (domains are case-insensitive, and a full-width or Unicode domain is the same host), and in the local
 * part only the ASCII letters lower-cased. Mail providers treat `Taro@` and `taro@` as one mailbox, and
 * the form writes what people typed. No NFKC on the local part: on a server that takes Unicode local
 * parts `ｔａｒｏ@` is another mailbox, and folding it would let a look-alike pass. Undefined for what is
 * no address.
 */
export function normalizeAddress(address: string): string | undefined {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1 || /[\s<>]/.test(trimmed)) return undefined;
  const local = trimmed.slice(0, at).replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  const domain = domainToASCII(trimmed.slice(at + 1).replace(/\.$/, ''));
  return domain ? `${local}@${domain}` : undefined;
}

/** Every field any form declares as the applicant's address. */
const CONTACT_FIELDS = [...new Set(Object.values(FORMS).flatMap((form) => form.fields.filter((f) => f.contact).map((f) => f.name)))];

/** The case's contacts: the addresses its forms give, and those added by reviewers, normalised, once each. */
export function contactAddresses(fields: CaseFields, added: string[]): string[] {
  const given = CONTACT_FIELDS.map((name) => fields[name]).filter((value): value is string => typeof value === 'string');
  return [...new Set([...given, ...added].map(normalizeAddress).filter((a): a is string => a !== undefined))];
}

/** Why a message that found its case does not count as the applicant's. */
export type StrangerReason = (typeof STRANGER_REASONS)[number];

export type SenderStanding = { standing: 'applicant' } | { standing: 'stranger'; reason: StrangerReason };

/**
 * The applicant when From is a contact and, when our server's verdict is read (MDOC_AUTHSERV_ID), it
 * passed. A DMARC failure makes a stranger of any address; so does a missing or inconclusive verdict,
 * since a set MDOC_AUTHSERV_ID says every real message carries one.
 */
export function senderStanding(from: string | null, contacts: string[], verification: SenderVerification): SenderStanding {
  const address = from === null ? undefined : normalizeAddress(from);
  if (!address) return { standing: 'stranger', reason: 'no_sender' };
  // Not a contact first: that is what a reviewer can change (「差出人を連絡先に追加」); the post shows the DMARC result anyway.
  if (!contacts.includes(address)) return { standing: 'stranger', reason: 'not_contact' };
  if (verification.state === 'fail') return { standing: 'stranger', reason: 'dmarc_fail' };
  if (verification.state !== 'unverified' && verification.state !== 'pass') return { standing: 'stranger', reason: 'not_verified' };
  return { standing: 'applicant' };
}
