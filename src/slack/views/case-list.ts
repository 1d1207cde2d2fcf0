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
import { lanesLabel, procedureTitle, stepLabel } from './step-label.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';

export interface CaseListInput {
  cases: CaseRecord[];
  total: number;
  page: number;
  pageSize: number;
  title: string;
  /** What the page buttons carry to show the pages around this one. */
  query: Omit<ListPageValue, 'page'>;
  locale: Locale;
  /** The clock "overdue" is judged by. */
  now: Date;
}

function pageButton(text: string, value: ListPageValue): Button {
  return { type: 'button', action_id: `${LIST_PAGE_ACTION}:${value.page}`, text: { type: 'plain_text', text }, value: JSON.stringify(value) };
}

/** One case as a line of a list (here and in the daily digest): ID, organisation, procedure, step, who acts. */
export function caseListLine(c: CaseRecord, locale: Locale, now: Date): string {
  const m = messages(locale);
  const procedure = procedureById(c.procedure);
  const step = stepByCode(procedure, c.step);
  const state = step.final ? m.common.done : lanesLabel(step, locale);
  const overdue = c.overdueAt && c.overdueAt <= now && !step.final ? ` :warning: ${m.standing.overdue}` : '';
  return `• *${c.key}* ${escapeMrkdwn(String(c.fields.org_name))}${m.common.aside(procedureTitle(procedure, locale))}: ${stepLabel(step, locale)}${m.list.stateSeparator}${state}${overdue}`;
}

export function caseList({ cases, total, page, pageSize, title, query, locale, now }: CaseListInput): SlackMessage {
  const m = messages(locale);
  if (total === 0) return { text: `${title}: ${m.list.none}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*\n${m.list.none}` } }] };
  const pages = Math.ceil(total / pageSize);
  const lines = cases.map((c) => caseListLine(c, locale, now));
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*${m.list.header(total, page + 1, pages)}` } }];
  blocks.push(...packSections(lines));
  const buttons = [
    ...(page > 0 ? [pageButton(m.list.previous, { ...query, page: page - 1 })] : []),
    ...(page + 1 < pages ? [pageButton(m.list.next, { ...query, page: page + 1 })] : []),
  ];
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: `${title}: ${m.list.count(total)}`, blocks };
}
