// One inbound message taken: understood (parsed, its case found, a preparation application read) and
// recorded with everything it produces in one transaction. The sources (IMAP, the inbox folder) call
// this for each message and tell the mailbox only after it resolved.
import type { Logger } from '../logger.js';
import type { CaseRepository } from '../cases/case-repository.js';
import { inboundNotice, notificationsForInbound, notificationsForTriage, type NotificationDraft } from '../cases/notifications.js';
import type { CaseRecord } from '../cases/case.js';
import { caseReferences } from './match-case.js';
import { MalformedMail, parseInboundMail, type InboundMail } from './inbound-mail.js';
import type { InboundRepository, NewInbound } from './inbound-repository.js';
import { problemDetail, type MatchedBy } from './inbound-record.js';
import type { RawMessage, Take } from './mail-source.js';
import { postDetail } from './post-detail.js';
import { isPreparationApplication, parsePreparation } from './preparation.js';
import { storable } from './storable.js';

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
}

/** The Message-ID of a mail the bot sent: its notification and its case (see deliver-notification.ts). */
const SENT_MAIL_ID = /^<notification-(\d+)\.(MDOC-\d+)@mdoc-desk>$/;

export function createMessageTaker(deps: MessageTakerDeps): Take {
  const { inbound, cases } = deps;

  /** The case a mail names, in the order: plus address, reply headers, then the subject. */
  async function findCase(mail: InboundMail): Promise<{ case: CaseRecord; matchedBy: MatchedBy } | undefined> {
    const refs = caseReferences(mail, deps.deskAddress);
    const byKey = async (key: string | undefined) => (key ? await cases.findByKey(key) : undefined);
    const plus = await byKey(refs.plusKey);
    if (plus) return { case: plus, matchedBy: 'plus_address' };
    for (const id of refs.sentMessageIds) {
      const [, notification, key] = SENT_MAIL_ID.exec(id) ?? [];
      const caseId = notification ? await inbound.caseOfSentMail(BigInt(notification)) : undefined;
      const c = caseId ? await cases.findById(caseId) : undefined;
      // Both halves must agree: a forged or foreign ID that names another case's mail finds nothing.
      if (c && c.key === key) return { case: c, matchedBy: 'reply_header' };
    }
    const subject = await byKey(refs.subjectKey);
    return subject ? { case: subject, matchedBy: 'subject' } : undefined;
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
    const refused = detail.attachments.some((a) => a.refused);
    const notices = (id: number): NotificationDraft[] => (refused ? [inboundNotice(id, 'refused_attachments')] : []);

    const found = await findCase(mail);
    if (found) {
      const { case: c, matchedBy } = found;
      await record({ ...base, ...head, caseId: c.id, matchedBy, outcome: 'matched', detail, files, notifications: (id) => [...notificationsForInbound(c, id, files.length > 0), ...notices(id)] }, log);
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
