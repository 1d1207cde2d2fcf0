// What each change of a case must tell whom, as outbox drafts. Pure. Each stream is delivered in order:
// the card before its thread replies, the DM root before its replies; mail travels on its own stream
// so that a Slack outage never holds back a mail, nor the reverse.
import type { AttachmentPlan, MissingDocument, PlannedAttachment } from '../documents/attachment-plan.js';
import type { Deadline } from '../workflow/deadlines.js';
import { isSlackUser } from '../workflow/authorize.js';
import type { FilesRef } from './case-files.js';
import type { MailDecl, ReminderDecl } from '../workflow/types.js';
import type { StrangerReason } from '../inbound/contacts.js';

export type NotificationKind =
  | 'card.post'
  | 'card.update'
  | 'thread.reply'
  | 'dm.post'
  | 'dm.update'
  | 'dm.reply'
  | 'mail'
  | 'reminder'
  | 'linked.completed'
  | 'dead.notice'
  | 'overdue'
  | 'digest'
  | 'home.fanout'
  | 'home.publish'
  /** The confirmation mail of an application made on the web (no case yet: it opens when confirmed). */
  | 'apply.confirm'
  /** A listed document a mail did not carry: told in the thread. */
  | 'documents.missing'
  /** A mail from the applicant, posted in the case thread. */
  | 'inbound.post'
  /** Files (mail attachments, web uploads) uploaded into a thread. */
  | 'files.upload'
  /** One line in the requester's DM thread that mail came in. */
  | 'dm.inbound'
  /** A mail that found no case, or a preparation application, posted in the reviewer channel. */
  | 'inbound.triage'
  /** A mail that could not be taken as it is (malformed, too large, refused after failing, a dangerous attachment). */
  | 'inbound.notice'
  /** The card's 「メール不達」 for an address was cleared: told in the thread. */
  | 'bounce.cleared';

export interface NotificationDraft {
  stream: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  /** Another case this notification is about (a usage case told of its certification). */
  caseId?: number;
  /** Not to be delivered before this moment (a reminder the day before a test). */
  notBefore?: Date;
}

export interface MailPayload {
  version: number;
  to: string;
  mail: MailDecl;
  /** The library versions the mail carries, chosen when the transition was committed. */
  attachments?: PlannedAttachment[];
  /** Listed documents it does not carry, marked as sent separately. */
  missing?: MissingDocument[];
}

export interface MissingPayload {
  version: number;
  missing: MissingDocument[];
}

export interface ReminderPayload {
  version: number;
  step: string;
  field: string;
  at: string;
  text: string;
}

export interface Recipients {
  applicant: string;
  operator?: string;
}

const cardStream = (caseId: number) => `card:${caseId}`;
const dmStream = (caseId: number) => `dm:${caseId}`;
const mailStream = (caseId: number) => `mail:${caseId}`;

/** The Home tabs of everyone who sees the case are to be refreshed (the audience is found at delivery). */
const homeFanout = (caseId: number): NotificationDraft => ({ stream: `home-fanout:${caseId}`, kind: 'home.fanout', payload: {} });

/** One person's Home tab, republished; queued refreshes of one person coalesce into one. */
export const homePublish = (userId: string): NotificationDraft => ({ stream: `home:${userId}`, kind: 'home.publish', payload: { user: userId } });

export interface OverduePayload {
  version: number;
  step: string;
  due: string;
}

/** A reminder posted when the step is still not done at its deadline; moot if the case moved on. */
function overdueDraft(caseId: number, version: number, step: string, deadline: Deadline | undefined): NotificationDraft[] {
  if (!deadline) return [];
  const payload: OverduePayload = { version, step, due: deadline.date };
  return [{ stream: `overdue:${caseId}:${version}`, kind: 'overdue', payload: { ...payload }, notBefore: deadline.overdueAt }];
}

export function notificationsForOpen(caseId: number, step: string, deadline?: Deadline): NotificationDraft[] {
  return [
    { stream: cardStream(caseId), kind: 'card.post', payload: {} },
    { stream: dmStream(caseId), kind: 'dm.post', payload: {} },
    ...overdueDraft(caseId, 1, step, deadline),
    homeFanout(caseId),
  ];
}

export interface TransitionNotice {
  caseId: number;
  version: number;
  step: string;
  fields: Record<string, unknown>;
  mails: MailDecl[];
  /** The files of each mail, in the order of `mails`. */
  plans?: AttachmentPlan[];
  recipients: Recipients;
  reminder?: ReminderDecl;
  deadline?: Deadline;
}

export function notificationsForTransition(t: TransitionNotice): NotificationDraft[] {
  const { caseId, version } = t;
  const drafts: NotificationDraft[] = [
    { stream: cardStream(caseId), kind: 'thread.reply', payload: { version } },
    { stream: cardStream(caseId), kind: 'card.update', payload: { version } },
    { stream: dmStream(caseId), kind: 'dm.reply', payload: { version } },
    { stream: dmStream(caseId), kind: 'dm.update', payload: { version } },
  ];
  const missing: MissingDocument[] = [];
  t.mails.forEach((mail, i) => {
    const to = t.recipients[mail.to];
    // A mail to the operator goes out only where MDOC_OPERATOR_EMAIL names one; the card tells them anyway.
    if (!to) return;
    const plan = t.plans?.[i] ?? { attachments: [], missing: [] };
    missing.push(...plan.missing);
    drafts.push({ stream: mailStream(caseId), kind: 'mail', payload: { version, to, mail, attachments: plan.attachments, missing: plan.missing } satisfies MailPayload });
  });
  // After the step's reply, so the thread reads: what happened, then what the mail lacked.
  if (missing.length) drafts.splice(1, 0, { stream: cardStream(caseId), kind: 'documents.missing', payload: { version, missing } satisfies MissingPayload });
  drafts.push(...overdueDraft(caseId, version, t.step, t.deadline), homeFanout(caseId));
  const at = t.reminder && String(t.fields[t.reminder.field] ?? '');
  if (t.reminder && at) {
    const payload: ReminderPayload = { version, step: t.step, field: t.reminder.field, at, text: t.reminder.text };
    // Its own stream: a reminder waiting for its day must not hold back the card's other messages.
    drafts.push({ stream: `reminder:${caseId}:${version}`, kind: 'reminder', payload: { ...payload }, notBefore: new Date(new Date(at).getTime() - t.reminder.hoursBefore * 3_600_000) });
  }
  return drafts;
}

/** Files stored with a transition or an inbound message, uploaded into the case thread. */
export function filesUpload(caseId: number, files: FilesRef): NotificationDraft {
  return { stream: cardStream(caseId), kind: 'files.upload', payload: { ...files } };
}

/** A usage case linked to a certification: its card shows the certification's step; completion is told. */
export function notificationsForLinkedUsage(usageCaseId: number, certificationKey: string, completed: boolean): NotificationDraft[] {
  const drafts: NotificationDraft[] = [
    { caseId: usageCaseId, stream: cardStream(usageCaseId), kind: 'card.update', payload: {} },
    { caseId: usageCaseId, stream: dmStream(usageCaseId), kind: 'dm.update', payload: {} },
  ];
  if (completed) drafts.unshift({ caseId: usageCaseId, stream: cardStream(usageCaseId), kind: 'linked.completed', payload: { certification: certificationKey } });
  return drafts;
}

/** A case nobody in Slack requested (the applicant applied on the web) has no DM thread: no DM drafts. */
export function withoutDmUnlessSlack(requesterId: string, drafts: NotificationDraft[]): NotificationDraft[] {
  return isSlackUser(requesterId) ? drafts : drafts.filter((d) => !d.kind.startsWith('dm.'));
}

/**
 * What an inbound message produces for the case it found: its post, its files, and a line to the
 * requester. A stranger's (not from a contact: `stranger` says why) is posted as such, and no DM says
 * the applicant wrote.
 */
export function notificationsForInbound(c: { id: number; requesterId: string }, inboundId: number, files: boolean, stranger?: StrangerReason): NotificationDraft[] {
  return withoutDmUnlessSlack(c.requesterId, [
    { caseId: c.id, stream: cardStream(c.id), kind: 'inbound.post', payload: { inbound: inboundId, ...(stranger ? { stranger } : {}) } },
    ...(files ? [{ ...filesUpload(c.id, { inbound: inboundId }), caseId: c.id }] : []),
    ...(stranger ? [] : [{ caseId: c.id, stream: dmStream(c.id), kind: 'dm.inbound' as const, payload: { inbound: inboundId } }]),
  ]);
}

/** An automatic reply (or a bounce that names no address to mark) in its case's thread: its post alone. */
export function notificationsForAutomaticMail(c: { id: number }, inboundId: number): NotificationDraft[] {
  return [{ caseId: c.id, stream: cardStream(c.id), kind: 'inbound.post', payload: { inbound: inboundId } }];
}

/** The card and its DM copy, rendered again (the 「メール不達」 mark came or went). */
function cardsOf(c: { id: number; requesterId: string }): NotificationDraft[] {
  return withoutDmUnlessSlack(c.requesterId, [
    { caseId: c.id, stream: cardStream(c.id), kind: 'card.update', payload: {} },
    { caseId: c.id, stream: dmStream(c.id), kind: 'dm.update', payload: {} },
  ]);
}

/** A bounce of one of the case's mails: 「メールが届きませんでした」 in the thread, then the card marked. */
export function notificationsForBounce(c: { id: number; requesterId: string }, inboundId: number): NotificationDraft[] {
  return [...notificationsForAutomaticMail(c, inboundId), ...cardsOf(c)];
}

/** The mark of an address cleared, by a reviewer (`by`) or because a later mail to it was sent: told, and the card redrawn. */
export function notificationsForClearedMark(c: { id: number; requesterId: string }, address: string, by?: string): NotificationDraft[] {
  return [{ caseId: c.id, stream: cardStream(c.id), kind: 'bounce.cleared', payload: { address, ...(by ? { by } : {}) } }, ...cardsOf(c)];
}

/** A message that found no case (or a preparation application): posted in the reviewer channel, files in its thread. */
export function notificationsForTriage(inboundId: number, files: boolean): NotificationDraft[] {
  const stream = `inbound:${inboundId}`;
  return [
    { stream, kind: 'inbound.triage', payload: { inbound: inboundId } },
    ...(files ? [{ stream, kind: 'files.upload' as const, payload: { inbound: inboundId } }] : []),
  ];
}

export type InboundNoticeAbout = 'refused_attachments' | 'malformed' | 'too_large' | 'refused' | 'linked';

/** Told in the reviewer channel (or, once linked, in the triage post's thread) about an inbound message. */
export function inboundNotice(inboundId: number, about: InboundNoticeAbout, extra: Record<string, unknown> = {}): NotificationDraft {
  // The triage post's own stream for a link, so that the reply follows the post it answers.
  return { stream: about === 'linked' ? `inbound:${inboundId}` : `inbound-notice:${inboundId}`, kind: 'inbound.notice', payload: { inbound: inboundId, about, ...extra } };
}
