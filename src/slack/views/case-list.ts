// `/mdoc list` and `/mdoc search`: one page of cases, newest activity first, with buttons for the
// pages around it.
import type { Button, KnownBlock } from '@slack/types';
import type { CaseRecord } from '../../cases/case.js';
import { procedureById } from '../../workflow/procedures/index.js';
import { stepByCode } from '../../workflow/steps.js';
import { LIST_PAGE_ACTION, type ListPageValue } from '../ids.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { packSections } from './sections.js';
import { lanesLabel, stepLabel } from './step-label.js';

export interface CaseListInput {
  cases: CaseRecord[];
  total: number;
  page: number;
  pageSize: number;
  title: string;
  /** What the page buttons carry to show the pages around this one. */
  query: Omit<ListPageValue, 'page'>;
}

function pageButton(text: string, value: ListPageValue): Button {
  return { type: 'button', action_id: `${LIST_PAGE_ACTION}:${value.page}`, text: { type: 'plain_text', text }, value: JSON.stringify(value) };
}

export function caseList({ cases, total, page, pageSize, title, query }: CaseListInput): SlackMessage {
  if (total === 0) return { text: `${title}: 該当する案件はありません。`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*\n該当する案件はありません。` } }] };
  const pages = Math.ceil(total / pageSize);
  const lines = cases.map((c) => {
    const procedure = procedureById(c.procedure);
    const step = stepByCode(procedure, c.step);
    const state = step.final ? '完了' : lanesLabel(step);
    return `• *${c.key}* ${escapeMrkdwn(String(c.fields.org_name))}（${procedure.title}）: ${stepLabel(step)}／${state}`;
  });
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*（${total}件、${page + 1}/${pages}ページ）` } }];
  blocks.push(...packSections(lines));
  const buttons = [
    ...(page > 0 ? [pageButton('前のページ', { ...query, page: page - 1 })] : []),
    ...(page + 1 < pages ? [pageButton('次のページ', { ...query, page: page + 1 })] : []),
  ];
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: `${title}: ${total}件`, blocks };
}
