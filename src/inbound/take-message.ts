// One inbound message taken: understood (parsed, its case found, a preparation application read) and
// recorded with everything it produces in one transaction. The sources (IMAP, the inbox folder) call
// this for each message and tell the mailbox only after it resolved.
import type { Logger } from '../logger.js';
import type { CaseRepository } from '../cases/case-repository.js';
import { inboundNotice, notificationsForAutomaticMail, notificationsForBounce, notificationsForInbound, notificationsForTriage, type NotificationDraft } from '../cases/notifications.js';
import type { CaseRecord } from '../cases/case.js';
import type { ContactRepository } from '../cases/contact-repository.js';
import type { MessageIds } from '../mail/message-ids.js';
import { caseReferences } from './match-case.js';
import { MalformedMail, parseInboundMail, type InboundMail } from './inbound-mail.js';
import type { InboundRepository, NewInbound } from './inbound-repository.js';
import { problemDetail, type BounceDetail, type MatchedBy } from './inbound-record.js';
import type { RawMessage, Take } from './mail-source.js';
import { postDetail } from './post-detail.js';
import { isPreparationApplication, parsePreparation } from './preparation.js';
import { storable } from './storable.js';
import { classifyMail } from './classify-mail.js';
import type { BounceReport } from './bounce-report.js';
import { contactAddresses, normalizeAddress, senderStanding } from './contacts.js';
import { verifySender } from './sender-verification.js';
import type { SentMail, SentMails } from './sent-mails.js';

export interface MessageTakerDeps {
  inbound: InboundRepository;
  cases: Pick<CaseRepository, 'findByKey' | 'findById'>;
  /** The desk's own address (from MAIL_FROM): its plus addresses name cases. */
  deskAddress: string;
  limitBytes: number;
  logger: Logger;
  onCommitted?: () => void;
  /** A message recorded, with its outcome (the metrics count it). */
  onTaken?: (outcome: NewInbound['outcome']) => void;
  /** Checks the bot's own Message-IDs that replies and bounces name. */
  messageIds: Pick<MessageIds, 'read'>;
  sentMails: Pick<SentMails, 'find'>;
  /** The addresses reviewers added to a case. */
  contacts: Pick<ContactRepository, 'addedTo'>;
  /** MDOC_AUTHSERV_ID: whose Authentication-Results vouch for senders; unset, nobody's. */
  authservId?: string;
}

/** A mail the bot sent, as a reply or a bounce names it. */
type ReturnedMail = SentMail & { notification: string; case?: CaseRecord };

/** What is kept of a bounce: its report, and the mail of ours it returns when that was found. */
function bounceDetail(report: BounceReport, returned: ReturnedMail | undefined): BounceDetail {
  const to = returned?.to === undefined ? undefined : normalizeAddress(returned.to);
  return {
    form: report.form,
    ...(report.status ? { status: report.status } : {}),
    diagnostic: report.diagnostic,
    recipients: report.recipients,
    ...(returned ? { notification: returned.notification } : {}),
    ...(to ? { to } : {}),
    ...(returned?.subject ? { sentSubject: returned.subject } : {}),
    ...(returned?.application !== undefined ? { application: returned.application } : {}),
  };
}

export function createMessageTaker(deps: MessageTakerDeps): Take {
  const { inbound, cases } = deps;

  /** The case a mail names, in the order: plus address, reply headers, then the subject. */
  async function findCase(mail: InboundMail): Promise<{ case: CaseRecord; matchedBy: MatchedBy } | undefined> {
    const refs = caseReferences(mail, deps.deskAddress);
    const byKey = async (key: string | undefined) => (key ? await cases.findByKey(key) : undefined);
    const plus = await byKey(refs.plusKey);
    if (plus) return { case: plus, matchedBy: 'plus_address' };
    for (const id of refs.sentMessageIds) {
      const sent = await sentMail(id);
      if (sent?.case) return { case: sent.case, matchedBy: 'reply_header' };
    }
    const subject = await byKey(refs.subjectKey);
    return subject ? { case: subject, matchedBy: 'subject' } : undefined;
  }

  /** The mail of ours a Message-ID names, if its tag is right, with its case when it has one. */
  async function sentMail(messageId: string): Promise<ReturnedMail | undefined> {
    const ref = deps.messageIds.read(messageId);
    const sent = ref && (await deps.sentMails.find(ref.notification));
    if (!ref || !sent) return undefined;
    const c = sent.caseId === null ? undefined : await cases.findById(sent.caseId);
    // The ID's case (or application) must be the notification's: a tag is made for both together.
    const agrees = 'caseKey' in ref ? c?.key === ref.caseKey : sent.application === ref.application;
    return agrees ? { ...sent, notification: String(ref.notification), ...(c ? { case: c } : {}) } : undefined;
  }

  /** The first mail of ours a bounce returns, among the Message-IDs it quotes. */
  async function returnedMail(report: BounceReport): Promise<ReturnedMail | undefined> {
    for (const id of report.returnedIds) {
      const sent = await sentMail(id);
      if (sent) return sent;
    }
    return undefined;
  }

  async function record(input: NewInbound, log: Logger): Promise<void> {
    // Mail text may hold what Postgres cannot (NUL, a lone surrogate); the raw bytes keep it as it came.
    const id = await inbound.record(storable(input));
    if (id === undefined) {
      log.info('message was taken before; nothing produced again');
      return;
    }
    deps.onCommitted?.();
    deps.onTaken?.(input.outcome);
    log.info({ inboundId: id, outcome: input.outcome, caseId: input.caseId, matchedBy: input.matchedBy }, 'inbound message taken');
  }

  return async function take(message: RawMessage) {
    const log = deps.logger.child({ component: 'inbound', origin: message.origin });
    const base = { sourceKey: message.sourceKey, raw: message.raw, matchedBy: null, caseId: null, files: [] };
    if (message.size > deps.limitBytes) {
      const problem = `${Math.round(deps.limitBytes / 1024 / 1024)} MB を超えるメール（${(message.size / 1024 / 1024).toFixed(1)} MB）`;
      await record({ ...base, messageId: null, fromAddress: null, subject: null, outcome: 'too_large', detail: problemDetail(message, problem), notifications: (id) => [inboundNotice(id, 'too_large')] }, log);
      return { taken: false, reason: problem };
    }
    let mail: InboundMail;
    try {
      mail = await parseInboundMail(message.raw);
    } catch (error) {
      if (!(error instanceof MalformedMail)) throw error;
      const problem = `読み取れないメール: ${error.message}`;
      await record({ ...base, messageId: null, fromAddress: null, subject: null, outcome: 'malformed', detail: problemDetail(message, problem), notifications: (id) => [inboundNotice(id, 'malformed')] }, log);
      return { taken: false, reason: problem };
    }

    const head = { messageId: mail.messageId, fromAddress: mail.from?.address ?? null, subject: mail.subject };
    const { detail, files } = postDetail(mail, message.origin);
    if (mail.messageId && (await inbound.seenMessageId(mail.messageId))) {
      await record({ ...base, ...head, outcome: 'duplicate', detail, notifications: () => [] }, log);
      return { taken: true };
    }
    // Classified before it is matched: only a person's mail can move a case. Machine-made mail is posted
    // without its files (they stay in the recorded message) and produces no DM and no step button.
    const verification = verifySender(mail.headers, mail.from?.address ?? null, deps.authservId);
    detail.sender = { verification };
    const kind = classifyMail(mail);
    if (kind.kind !== 'person') delete detail.wholeText;
    if (kind.kind === 'bounce') {
      const returned = await returnedMail(kind.report);
      detail.bounce = bounceDetail(kind.report, returned);
      const c = returned?.case;
      if (c) {
        const undeliveredTo = detail.bounce.to;
        await record({ ...base, ...head, caseId: c.id, matchedBy: 'returned_mail', outcome: 'bounce', detail, undeliveredTo, notifications: (id) => (undeliveredTo ? notificationsForBounce(c, id) : notificationsForAutomaticMail(c, id)) }, log);
      } else {
        await record({ ...base, ...head, outcome: 'bounce', detail, notifications: (id) => notificationsForTriage(id, false) }, log);
      }
      return { taken: true };
    }
    const found = await findCase(mail);
    if (kind.kind === 'auto_reply') {
      detail.autoReply = { reason: kind.reason };
      const notifications = (id: number) => (found ? notificationsForAutomaticMail(found.case, id) : notificationsForTriage(id, false));
      await record({ ...base, ...head, caseId: found?.case.id ?? null, matchedBy: found?.matchedBy ?? null, outcome: 'auto_reply', detail, notifications }, log);
      return { taken: true };
    }

    const refused = detail.attachments.some((a) => a.refused);
    const notices = (id: number): NotificationDraft[] => (refused ? [inboundNotice(id, 'refused_attachments')] : []);
    if (found) {
      const { case: c, matchedBy } = found;
      // Anyone can name a case (its plus address, its ID in the subject): only a contact writes as the applicant.
      const standing = senderStanding(mail.from?.address ?? null, contactAddresses(c.fields, await deps.contacts.addedTo(c.id)), verification);
      const stranger = standing.standing === 'stranger' ? standing.reason : undefined;
      if (stranger) detail.sender.stranger = stranger;
      const outcome = stranger ? 'stranger' : 'matched';
      await record({ ...base, ...head, caseId: c.id, matchedBy, outcome, detail, files, notifications: (id) => [...notificationsForInbound(c, id, files.length > 0, stranger), ...notices(id)] }, log);
      return { taken: true };
    }
    if (isPreparationApplication(mail.text)) {
      const parsed = parsePreparation(mail.text);
      const errors = Object.fromEntries(Object.entries(parsed.errors).map(([field, text]) => [field, text.ja]));
      detail.preparation = { values: Object.fromEntries(Object.entries(parsed.values).filter((e): e is [string, string] => typeof e[1] === 'string')), errors, missing: parsed.missing };
      await record({ ...base, ...head, outcome: 'preparation', detail, files, notifications: (id) => [...notificationsForTriage(id, files.length > 0), ...notices(id)] }, log);
      return { taken: true };
    }
    await record({ ...base, ...head, outcome: 'unmatched', detail, files, notifications: (id) => [...notificationsForTriage(id, files.length > 0), ...notices(id)] }, log);
    return { taken: true };
  };
}
