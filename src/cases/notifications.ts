// What each change of a case must tell whom, as outbox drafts. Pure. Each stream is delivered in order:
// the card before its thread replies, the DM root before its replies; mail travels on its own stream
// so that a Slack outage never holds back a mail, nor the reverse.
import type { Deadline } from '../workflow/deadlines.js';
import type { MailDecl, ReminderDecl } from '../workflow/types.js';

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
  | 'home.publish';

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
  for (const mail of t.mails) {
    const to = t.recipients[mail.to];
    // A mail to the operator goes out only where MDOC_OPERATOR_EMAIL names one; the card tells them anyway.
    if (to) drafts.push({ stream: mailStream(caseId), kind: 'mail', payload: { version, to, mail } satisfies MailPayload });
  }
  drafts.push(...overdueDraft(caseId, version, t.step, t.deadline), homeFanout(caseId));
  const at = t.reminder && String(t.fields[t.reminder.field] ?? '');
  if (t.reminder && at) {
    const payload: ReminderPayload = { version, step: t.step, field: t.reminder.field, at, text: t.reminder.text };
    // Its own stream: a reminder waiting for its day must not hold back the card's other messages.
    drafts.push({ stream: `reminder:${caseId}:${version}`, kind: 'reminder', payload: { ...payload }, notBefore: new Date(new Date(at).getTime() - t.reminder.hoursBefore * 3_600_000) });
  }
  return drafts;
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
