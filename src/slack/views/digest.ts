// The daily digest in the reviewer channel: the cases overdue and due within two business days. Pure.
// The channel is shared, so it is written in the desk's language, Japanese.
import type { KnownBlock } from '@slack/types';
import type { DeadlineBoard } from '../../cases/case-repository.js';
import type { CaseRecord } from '../../cases/case.js';
import { messages } from '../../i18n/messages.js';
import { deadlineStanding } from '../../workflow/deadlines.js';
import type { SlackMessage } from './case-card.js';
import { caseListLine } from './case-list.js';
import { packSections } from './sections.js';

/** Lines per group: two groups of this many stay within one message comfortably. */
export const DIGEST_ROWS_PER_GROUP = 25;

const m = messages('ja');

const line = (c: CaseRecord, now: Date) => `${caseListLine(c, 'ja', now)}／${m.digest.due(c.dueDate ?? '')}`;

export function digestMessage(date: string, board: DeadlineBoard, now: Date): SlackMessage {
  const title = m.digest.title(date);
  const { overdue, due_soon: dueSoon } = board.counts;
  if (overdue + dueSoon === 0) return { text: `${title}: ${m.digest.none}`, blocks: [{ type: 'header', text: { type: 'plain_text', text: title } }, { type: 'section', text: { type: 'mrkdwn', text: m.digest.none } }] };
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  for (const standing of ['overdue', 'due_soon'] as const) {
    const count = board.counts[standing];
    if (count === 0) continue;
    const rows = board.cases.filter((c) => deadlineStanding(c, now) === standing).slice(0, DIGEST_ROWS_PER_GROUP);
    blocks.push(...packSections([`*${m.standing[standing]}*（${count}件）`, ...rows.map((c) => line(c, now))]));
    if (count > rows.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.digest.more(count - rows.length) }] });
  }
  return { text: `${title}: ${m.standing.overdue} ${overdue}件、${m.standing.due_soon} ${dueSoon}件`, blocks };
}
