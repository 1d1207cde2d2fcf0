// `/mdoc status <ID>`: where the case is, who acts, and every transition with who and when.
import type { KnownBlock } from '@slack/types';
import type { CaseRecord, TransitionRow } from '../../cases/case.js';
import { findAction, stepByCode } from '../../workflow/steps.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, mention, tokyoTime } from './mrkdwn.js';
import { lanesLabel, stepLabel } from './step-label.js';

const SECTION_LIMIT = 2900;

function historyLine(procedure: ProcedureDecl, t: TransitionRow): string {
  const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
  const label = t.action === 'open' ? '申請を登録' : (from && findAction(procedure, from, t.action)?.label) ?? t.action;
  const reason = t.comment ? `\n　理由: ${escapeMrkdwn(t.comment).replace(/\n/g, ' ')}` : '';
  return `• ${tokyoTime(t.createdAt)} ${mention(t.actorId)} ${label}: ${t.fromStep ?? '—'} → ${t.toStep}${reason}`;
}

/** Packs lines into sections under Slack's 3000-character limit. */
function sections(lines: string[]): KnownBlock[] {
  const chunks: string[] = [];
  for (const line of lines) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= SECTION_LIMIT) chunks[chunks.length - 1] = `${last}\n${line}`;
    else chunks.push(line.slice(0, SECTION_LIMIT));
  }
  return chunks.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

export function caseStatus(procedure: ProcedureDecl, c: CaseRecord, history: TransitionRow[]): SlackMessage {
  const step = stepByCode(procedure, c.step);
  const now = step.final ? `${stepLabel(step)}（完了）` : `${stepLabel(step)}（担当: ${lanesLabel(step)}）`;
  // Keep within Slack's 50-block limit: the newest transitions matter most when the history is long.
  const shown = history.slice(-60);
  const omitted = history.length - shown.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${c.key} ${procedure.title}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(String(c.fields.org_name))}*\n*現在のステップ*: ${now}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*履歴*（${history.length}件${omitted ? `、古い${omitted}件は省略` : ''}）` } },
    ...sections(shown.map((t) => historyLine(procedure, t))).slice(0, 40),
  ];
  return { text: `${c.key}: ${now}`, blocks };
}
