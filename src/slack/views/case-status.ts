// `/mdoc status <ID>` and the Home's status button: where the case is, who acts, and every transition
// with who and when.
import type { KnownBlock, ModalView } from '@slack/types';
import type { CaseRecord, TransitionRow } from '../../cases/case.js';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';
import { recordedActionLabel, stepByCode } from '../../workflow/steps.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, mention, tokyoTime } from './mrkdwn.js';
import type { IssuedFile } from '../../cases/issued-files.js';
import { packSections } from './sections.js';
import type { SentMail } from '../../cases/case-repository.js';
import { SENT_SEPARATELY } from '../../mail/render-mail.js';
import { lanesLabel, procedureTitle, stepLabel } from './step-label.js';

function historyLine(procedure: ProcedureDecl, t: TransitionRow, locale: Locale): string {
  const m = messages(locale).status;
  const name = t.action === 'open' ? m.opened : label(locale, recordedActionLabel(procedure, t));
  const reason = t.comment ? `\n　${m.reason}: ${escapeMrkdwn(t.comment).replace(/\n/g, ' ')}` : '';
  return `• ${tokyoTime(t.createdAt)} ${mention(t.actorId, locale)} ${name}: ${t.fromStep ?? '—'} → ${t.toStep}${reason}`;
}

function mailLine(mail: SentMail, locale: Locale): string {
  const m = messages(locale).status;
  const state = mail.dead ? m.mailDead : mail.deliveredAt ? m.mailSent(tokyoTime(mail.deliveredAt)) : m.mailPending;
  const files = mail.attachments.map((a) => `${escapeMrkdwn(a.fileName)}${messages(locale).common.aside(`sha256 ${a.sha256.slice(0, 8)}`)}`);
  const separately = mail.missing.map((d) => `${escapeMrkdwn(d.document)}${SENT_SEPARATELY}`);
  return `• ${messages(locale).card.version(mail.version)} 「${escapeMrkdwn(mail.subject)}」→ ${escapeMrkdwn(mail.to)}: ${state}${[...files, ...separately].map((f) => `\n　${f}`).join('')}`;
}

/** One version of a document issued to the case: which file, its sha256, who issued it and when. */
function issuedLine(f: IssuedFile, locale: Locale): string {
  return messages(locale).status.issuedLine(f.version, escapeMrkdwn(f.document), escapeMrkdwn(f.fileName), f.sha256.slice(0, 8), `${mention(f.issuedBy, locale)} ${tokyoTime(f.issuedAt)}`);
}

export function caseStatus(procedure: ProcedureDecl, c: CaseRecord, history: TransitionRow[], locale: Locale = 'ja', mails: SentMail[] = [], issued: IssuedFile[] = []): SlackMessage {
  const m = messages(locale);
  const step = stepByCode(procedure, c.step);
  const now = `${stepLabel(step, locale)}${step.final ? m.status.completedSuffix : m.status.lanesSuffix(lanesLabel(step, locale))}`;
  // Keep within Slack's 50-block limit: the newest transitions matter most when the history is long.
  const shown = history.slice(-60);
  const omitted = history.length - shown.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${c.key} ${procedureTitle(procedure, locale)}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(String(c.fields.org_name))}*\n*${m.card.currentStep}*: ${now}` } },
    { type: 'section', text: { type: 'mrkdwn', text: m.status.history(history.length, omitted) } },
    ...packSections(shown.map((t) => historyLine(procedure, t, locale))).slice(0, 40),
    // The mails, with the version (sha256) of each file they carried: what the applicant actually received.
    ...(mails.length ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: m.status.mails(mails.length) } }, ...packSections(mails.map((mail) => mailLine(mail, locale))).slice(0, 5)] : []),
    // The documents issued to this case, each version with the start of its sha256.
    ...(issued.length ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: m.status.issued(issued.length) } }, ...packSections(issued.map((f) => issuedLine(f, locale))).slice(0, 2)] : []),
  ];
  return { text: `${c.key}: ${now}`, blocks };
}

/** The same status in a modal, opened from a button (the Home tab has no thread to answer in). */
export function caseStatusModal(procedure: ProcedureDecl, c: CaseRecord, history: TransitionRow[], locale: Locale, issued: IssuedFile[] = []): ModalView {
  const m = messages(locale);
  return {
    type: 'modal',
    title: { type: 'plain_text', text: m.status.title },
    close: { type: 'plain_text', text: m.common.close },
    blocks: caseStatus(procedure, c, history, locale, [], issued).blocks,
  };
}
