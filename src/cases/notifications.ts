// What each change of a case must tell whom, as outbox drafts. Pure. Each stream is delivered in order:
// the card before its thread replies, the DM root before its replies; mail travels on its own stream
// so that a Slack outage never holds back a mail, nor the reverse.
import type { MailDecl } from '../workflow/types.js';

export type NotificationKind = 'card.post' | 'card.update' | 'thread.reply' | 'dm.post' | 'dm.update' | 'dm.reply' | 'mail';

export interface NotificationDraft {
  stream: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
}

export interface MailPayload {
  version: number;
  to: string;
  mail: MailDecl;
}

export interface Recipients {
  applicant: string;
  operator?: string;
}

const cardStream = (caseId: number) => `card:${caseId}`;
const dmStream = (caseId: number) => `dm:${caseId}`;
const mailStream = (caseId: number) => `mail:${caseId}`;

export function notificationsForOpen(caseId: number): NotificationDraft[] {
  return [
    { stream: cardStream(caseId), kind: 'card.post', payload: {} },
    { stream: dmStream(caseId), kind: 'dm.post', payload: {} },
  ];
}

export function notificationsForTransition(caseId: number, version: number, mails: MailDecl[], recipients: Recipients): NotificationDraft[] {
  const drafts: NotificationDraft[] = [
    { stream: cardStream(caseId), kind: 'thread.reply', payload: { version } },
    { stream: cardStream(caseId), kind: 'card.update', payload: { version } },
    { stream: dmStream(caseId), kind: 'dm.reply', payload: { version } },
    { stream: dmStream(caseId), kind: 'dm.update', payload: { version } },
  ];
  for (const mail of mails) {
    const to = recipients[mail.to];
    // A mail to the operator goes out only where MDOC_OPERATOR_EMAIL names one; the card tells them anyway.
    if (to) drafts.push({ stream: mailStream(caseId), kind: 'mail', payload: { version, to, mail } satisfies MailPayload });
  }
  return drafts;
}
