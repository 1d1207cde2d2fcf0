// The thread reply for one transition. It names the step the case is now at first, by code and title,
// then says who did what, the data and comment recorded, and which mails the step sends. The reviewer
// channel reads it in Japanese; the requester's DM thread in their own language.
import type { TransitionRow } from '../../cases/case.js';
import { displayValue, fieldLabel, formById } from '../../forms/declarations.js';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';
import { LANE_LABELS } from '../../workflow/lanes.js';
import { WEB_APPLICANT_ID } from '../../workflow/authorize.js';
import { findAction, recordedActionLabel, stepByCode } from '../../workflow/steps.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, mention, quoteText, tokyoTime } from './mrkdwn.js';
import { lanesLabel, stepLabel } from './step-label.js';

export interface StepChangeInput {
  procedure: ProcedureDecl;
  caseKey: string;
  transition: TransitionRow;
  /** Who to mention so that they are notified (the requester, in their DM thread). */
  notify?: string;
  locale?: Locale;
}

export function stepChange({ procedure, caseKey, transition: t, notify, locale = 'ja' }: StepChangeInput): SlackMessage {
  const m = messages(locale).change;
  const to = stepByCode(procedure, t.toStep);
  const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
  const action = from ? findAction(procedure, from, t.action) : undefined;
  const actionName = label(locale, recordedActionLabel(procedure, t));
  const order = (code: string) => procedure.steps.findIndex((s) => s.code === code);
  const movement = !from || from === to ? '' : action?.style === 'danger' ? m.sentBack : order(to.code) < order(from.code) ? m.wentBack : m.movedOn;
  // A transition that stays where it is (a proposal, a revocation after (5)) never reads as completion.
  const headline = to.final && from !== to
    ? m.completed(stepLabel(to, locale), caseKey)
    : movement
      ? m.moved(stepLabel(to, locale), movement, caseKey, lanesLabel(to, locale))
      : m.stayed(stepLabel(to, locale), actionName, caseKey);
  const where = from && stepLabel(from, locale);
  const lines = [t.actorId === WEB_APPLICANT_ID ? m.webDid(where, actionName, tokyoTime(t.createdAt)) : m.did(mention(t.actorId), where, actionName, tokyoTime(t.createdAt))];
  for (const [name, value] of Object.entries(t.data)) {
    lines.push(`*${fieldLabel(name, locale)}*: ${escapeMrkdwn(displayValue(name, value, locale)).replace(/\n/g, messages(locale).common.listSeparator)}`);
  }
  const commentLabel = action?.form && formById(action.form).commentLabel;
  if (t.comment) lines.push(`*${commentLabel ? label(locale, commentLabel) : m.comment}*\n${quoteText(t.comment)}`);
  const branchMails = action?.to.kind === 'branch' ? (action.to.branches[String(t.data[action.to.field])]?.mails ?? []) : [];
  // Mails stay Japanese, so their subjects are quoted as sent.
  for (const mail of [...(action?.mails ?? []), ...branchMails]) lines.push(m.mailTo(label(locale, LANE_LABELS[mail.to]), mail.subject));
  if (notify) lines.push(mention(notify));
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}
