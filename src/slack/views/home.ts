// The App Home tab of one person: the cases waiting on a lane they hold (期限超過 / 期限間近 / その他), the
// cases they requested, and the latest transitions. Pure. HOME_LIMITS keep it well under Slack's
// 100-block limit (about 75 blocks at most): each group shows its most urgent rows and counts the rest.
import type { HomeView, KnownBlock, SectionBlock } from '@slack/types';
import type { DeadlineBoard } from '../../cases/case-repository.js';
import type { CaseRecord, TransitionRow } from '../../cases/case.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';
import { deadlineStanding, type DeadlineStanding } from '../../workflow/deadlines.js';
import { procedureById } from '../../workflow/procedures/index.js';
import { stepByCode } from '../../workflow/steps.js';
import { OPEN_STATUS_ACTION } from '../ids.js';
import { escapeMrkdwn, mention, tokyoTime } from './mrkdwn.js';
import { packSections } from './sections.js';
import { procedureTitle, stepLabel } from './step-label.js';

export const HOME_LIMITS = { overdue: 20, due_soon: 15, other: 10, requested: 10, latest: 10 } as const;

export interface HomeInput {
  locale: Locale;
  /** Whether the person holds a lane (reviewer, operator, test lab). */
  holdsLane: boolean;
  waiting: DeadlineBoard;
  requested: { cases: CaseRecord[]; total: number };
  latest: { case: CaseRecord; transition: TransitionRow }[];
  now: Date;
}

const STANDINGS: DeadlineStanding[] = ['overdue', 'due_soon', 'other'];
const LIST_HINTS: Record<DeadlineStanding, string> = { overdue: '`/mdoc list overdue`', due_soon: '`/mdoc list`', other: '`/mdoc list`' };

const text = (t: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: t } });
const context = (t: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: t }] });

/** One case: ID, organisation, procedure, step, since when it waits, and a button to its status. */
function caseRow(c: CaseRecord, place: string, locale: Locale): SectionBlock {
  const m = messages(locale);
  const procedure = procedureById(c.procedure);
  const step = stepByCode(procedure, c.step);
  const state = step.final || c.closed ? m.common.done : m.home.since(tokyoTime(c.stepSince));
  const due = c.dueDate && !c.closed ? `${m.common.joiner}${m.home.due(c.dueDate)}` : '';
  return {
    type: 'section',
    // Block IDs must be unique in a view, and one case can be both waiting and requested.
    block_id: `home:${place}:${c.key}`,
    text: { type: 'mrkdwn', text: `*${c.key}* ${escapeMrkdwn(String(c.fields.org_name))}\n${procedureTitle(procedure, locale)}${m.common.joiner}${stepLabel(step, locale)}\n${state}${due}` },
    accessory: { type: 'button', action_id: OPEN_STATUS_ACTION, text: { type: 'plain_text', text: m.home.openStatus }, value: c.key },
  };
}

function waitingBlocks({ locale, waiting, now, holdsLane }: HomeInput): KnownBlock[] {
  const m = messages(locale);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: m.home.waiting } }];
  if (!holdsLane) blocks.push(context(m.home.noRole));
  const total = STANDINGS.reduce((sum, s) => sum + waiting.counts[s], 0);
  if (total === 0) return [...blocks, text(m.home.nothingWaiting)];
  for (const standing of STANDINGS) {
    const rows = waiting.cases.filter((c) => deadlineStanding(c, now) === standing).slice(0, HOME_LIMITS[standing]);
    const count = waiting.counts[standing];
    blocks.push(text(`${m.home.groupCount(m.standing[standing], count)}${count ? '' : `\n${m.home.emptyGroup}`}`));
    blocks.push(...rows.map((c) => caseRow(c, standing, locale)));
    if (count > rows.length) blocks.push(context(m.home.more(count - rows.length, LIST_HINTS[standing])));
  }
  return blocks;
}

function requestedBlocks({ locale, requested }: HomeInput): KnownBlock[] {
  const m = messages(locale);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: m.home.requested } }];
  if (requested.total === 0) return [...blocks, text(m.home.nothingRequested)];
  const rows = requested.cases.slice(0, HOME_LIMITS.requested);
  blocks.push(...rows.map((c) => caseRow(c, 'requested', locale)));
  if (requested.total > rows.length) blocks.push(context(m.home.more(requested.total - rows.length, '`/mdoc search`')));
  return blocks;
}

function latestBlocks({ locale, latest }: HomeInput): KnownBlock[] {
  const m = messages(locale);
  const lines = latest.slice(0, HOME_LIMITS.latest).map(({ case: c, transition: t }) => {
    const procedure = procedureById(c.procedure);
    return `• ${tokyoTime(t.createdAt)} *${c.key}* ${escapeMrkdwn(String(c.fields.org_name))}: ${t.fromStep ?? m.common.none} → ${stepLabel(stepByCode(procedure, t.toStep), locale)} ${mention(t.actorId, locale)}`;
  });
  return [{ type: 'header', text: { type: 'plain_text', text: m.home.latest } }, ...(lines.length ? packSections(lines) : [text(m.home.nothingLatest)])];
}

export function homeView(input: HomeInput): HomeView {
  const m = messages(input.locale);
  const blocks: KnownBlock[] = [
    context(`${m.home.intro}　${m.home.updated(tokyoTime(input.now))}`),
    ...waitingBlocks(input),
    { type: 'divider' },
    ...requestedBlocks(input),
    { type: 'divider' },
    ...latestBlocks(input),
  ];
  return { type: 'home', blocks };
}
