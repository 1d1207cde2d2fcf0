// What is kept of an inbound message for the posts it produces, decided when it is taken: the post is
// rendered later by the outbox from this, never from the raw message again.
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import type { RawMessage } from './mail-source.js';
import { senderVerificationSchema } from './sender-verification.js';

/**
 * matched: the applicant's mail in its case; stranger: it found its case but is not from a contact;
 * bounce and auto_reply: machine-made, in their case's thread or (found nowhere) the reviewer channel;
 * refused: a message that failed every time it was tried (see message-retries.ts), kept with its reason.
 */
export const INBOUND_OUTCOMES = ['matched', 'stranger', 'unmatched', 'preparation', 'bounce', 'auto_reply', 'duplicate', 'malformed', 'too_large', 'refused'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

/** returned_mail: a bounce that returns a mail the bot sent (by the Message-ID it quotes). */
export type MatchedBy = 'plus_address' | 'reply_header' | 'subject' | 'returned_mail' | 'desk';

export const STRANGER_REASONS = ['no_sender', 'not_contact', 'dmarc_fail', 'not_verified'] as const;

/** What a bounce said, and the mail of ours it returns when that was found. Text from outside: cut, shown escaped. */
export const bounceDetailSchema = z.object({
  form: z.enum(['dsn', 'text']),
  status: z.string().optional(),
  diagnostic: z.string(),
  recipients: z.array(z.object({ address: z.string().optional(), action: z.string().optional(), status: z.string().optional(), diagnostic: z.string().optional() })),
  /** The address the returned mail was sent to (normalised), the notification that sent it, and its subject. */
  to: z.string().optional(),
  notification: z.string().optional(),
  sentSubject: z.string().optional(),
  /** A returned confirmation mail of a web application (no case yet). */
  application: z.number().optional(),
});
export type BounceDetail = z.infer<typeof bounceDetailSchema>;

export const inboundDetailSchema = z.object({
  from: z.object({ address: z.string(), name: z.string() }).nullable(),
  subject: z.string(),
  /** ISO time the sender's Date header gives, if any. */
  date: z.string().nullable(),
  /** The text without quoted history, at most TEXT_LIMIT characters. */
  text: z.string(),
  truncated: z.boolean(),
  /** Every attachment; one of size 0 is listed and not uploaded, one with `refused` is kept in the record only. */
  attachments: z.array(z.object({ fileName: z.string(), size: z.number(), refused: z.string().optional() })),
  /** The post shows a cut of the subject or the text: the whole mail as text is this file in the thread. */
  wholeText: z.object({ fileName: z.string(), size: z.number() }).optional(),
  /** Why the message could not be taken as it is (malformed, too large). */
  problem: z.string().optional(),
  /** Where it came from (mailbox and UID, or the inbox file), for the desk to find it. */
  origin: z.string(),
  preparation: z
    .object({
      values: z.record(z.string(), z.string()),
      /** Field name → what is wrong, in Japanese (the reviewer channel's language). */
      errors: z.record(z.string(), z.string()),
      missing: z.array(z.string()),
    })
    .optional(),
  /** How far our mail server vouches for the sender, and, for mail that found its case, why it is not the applicant's. */
  sender: z.object({ verification: senderVerificationSchema, stranger: z.enum(STRANGER_REASONS).optional() }).optional(),
  bounce: bounceDetailSchema.optional(),
  /** What showed it to be an automatic reply (a header, the subject). */
  autoReply: z.object({ reason: z.string() }).optional(),
});
export type InboundDetail = z.infer<typeof inboundDetailSchema>;

/** How much of a mail's text its post shows. */
export const TEXT_LIMIT = 1000;
/** How much of a mail's subject its posts show. */
export const SUBJECT_LIMIT = 200;

/** What a message the bot could not read still records: where it came from and why. */
export function problemDetail(message: Pick<RawMessage, 'origin'>, problem: string): InboundDetail {
  return { from: null, subject: '', date: null, text: '', truncated: false, attachments: [], problem, origin: message.origin };
}

/** The columns of an inbound message that its posts are rendered from. */
export const INBOUND_ROW_SELECT = {
  id: true, caseId: true, outcome: true, matchedBy: true, detail: true, postChannel: true, postTs: true, receivedAt: true,
} as const satisfies Prisma.InboundMessageSelect;

/** An inbound message as Prisma reads it, with its outcome, match and detail typed. */
export type InboundRow = Omit<Prisma.InboundMessageGetPayload<{ select: typeof INBOUND_ROW_SELECT }>, 'outcome' | 'matchedBy' | 'detail'> & {
  outcome: InboundOutcome;
  matchedBy: MatchedBy | null;
  detail: InboundDetail;
};
