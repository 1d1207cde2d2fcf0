// `/mdoc list`: the open cases, newest activity first.
import type { KnownBlock } from '@slack/types';
import type { CaseRecord } from '../../cases/case.js';
import { procedureById } from '../../workflow/procedures/index.js';
import { stepByCode } from '../../workflow/steps.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { lanesLabel, stepLabel } from './step-label.js';

export function caseList(cases: CaseRecord[], total: number): SlackMessage {
  if (cases.length === 0) return { text: '進行中の案件はありません。', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '進行中の案件はありません。' } }] };
  const lines = cases.map((c) => {
    const procedure = procedureById(c.procedure);
    const step = stepByCode(procedure, c.step);
    return `• *${c.key}* ${escapeMrkdwn(String(c.fields.org_name))}（${procedure.title}）: ${stepLabel(step)}／${lanesLabel(step)}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*進行中の案件*（${total}件${total > cases.length ? `、最近の${cases.length}件を表示` : ''}）` } },
  ];
  let chunk = '';
  for (const line of lines) {
    if (chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return { text: `進行中の案件: ${total}件`, blocks };
}
