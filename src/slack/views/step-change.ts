// The thread reply for one transition. It names the step the case is now at first, by code and title,
// then says who did what, the data and comment recorded, and which mails the step sends.
import type { TransitionRow } from '../../cases/case.js';
import { displayValue, fieldLabel, formById } from '../../forms/declarations.js';
import { findAction, stepByCode } from '../../workflow/steps.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, mention, tokyoTime } from './mrkdwn.js';
import { lanesLabel, stepLabel } from './step-label.js';

const RECIPIENT_LABEL = { applicant: '申請事業者', operator: '運用・保守事業者' } as const;

export interface StepChangeInput {
  procedure: ProcedureDecl;
  caseKey: string;
  transition: TransitionRow;
  /** Who to mention so that they are notified (the requester, in their DM thread). */
  notify?: string;
}

const quote = (text: string) => `>${escapeMrkdwn(text).replace(/\n/g, '\n>')}`;

export function stepChange({ procedure, caseKey, transition: t, notify }: StepChangeInput): SlackMessage {
  const to = stepByCode(procedure, t.toStep);
  const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
  const action = from ? findAction(procedure, from, t.action) : undefined;
  const order = (code: string) => procedure.steps.findIndex((s) => s.code === code);
  const movement = !from || from === to ? '' : action?.style === 'danger' ? ' に差し戻されました' : order(to.code) < order(from.code) ? ' に戻りました' : ' に進みました';
  const headline = to.final
    ? `${stepLabel(to)}: 手続きが完了しました（${caseKey}）`
    : `${stepLabel(to)}${movement ? `${movement}（${caseKey}・担当: ${lanesLabel(to)}）` : `: ${action?.label ?? t.action}（${caseKey}）`}`;
  const lines = [`${mention(t.actorId)} が${from ? `「${stepLabel(from)}」で` : ''}「${action?.label ?? t.action}」を実行しました（${tokyoTime(t.createdAt)}）。`];
  for (const [name, value] of Object.entries(t.data)) lines.push(`*${fieldLabel(name)}*: ${escapeMrkdwn(displayValue(name, value)).replace(/\n/g, '、')}`);
  if (t.comment) lines.push(`*${(action?.form && formById(action.form).commentLabel) || 'コメント'}*\n${quote(t.comment)}`);
  const branchMails = action?.to.kind === 'branch' ? (action.to.branches[String(t.data[action.to.field])]?.mails ?? []) : [];
  for (const mail of [...(action?.mails ?? []), ...branchMails]) lines.push(`✉️ ${RECIPIENT_LABEL[mail.to]}へメール: ${mail.subject}`);
  if (notify) lines.push(mention(notify));
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}
