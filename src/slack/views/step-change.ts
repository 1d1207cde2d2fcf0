// The thread reply for one transition. It names the new step first, by code and title, then says who
// did what, any reason, and which mails the step sends.
import type { TransitionRow } from '../../cases/case.js';
import { stepByCode, findAction } from '../../workflow/steps.js';
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

export function stepChange({ procedure, caseKey, transition: t, notify }: StepChangeInput): SlackMessage {
  const to = stepByCode(procedure, t.toStep);
  const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
  const action = from ? findAction(from, t.action) : undefined;
  const sentBack = action?.style === 'danger';
  const headline = to.final
    ? `${stepLabel(to)}: 手続きが完了しました（${caseKey}）`
    : `${stepLabel(to)} に${sentBack ? '差し戻されました' : '進みました'}（${caseKey}・担当: ${lanesLabel(to)}）`;
  const lines = [
    `${mention(t.actorId)} が${from ? `「${stepLabel(from)}」で` : ''}「${action?.label ?? t.action}」を実行しました（${tokyoTime(t.createdAt)}）。`,
  ];
  if (t.comment) lines.push(`*理由*\n>${escapeMrkdwn(t.comment).replace(/\n/g, '\n>')}`);
  for (const mail of action?.mails ?? []) lines.push(`✉️ ${RECIPIENT_LABEL[mail.to]}へメール: ${mail.subject}`);
  if (notify) lines.push(mention(notify));
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}
