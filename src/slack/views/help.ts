// `/mdoc help`, written from the declarations: the commands, then every step of every procedure.
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';
import { PROCEDURES } from '../../workflow/procedures/index.js';
import type { Lane } from '../../workflow/types.js';
import type { SlackMessage } from './case-card.js';
import { lanesLabel, procedureTitle, stepLabel } from './step-label.js';

export interface HelpInput {
  /** Lanes whose role list is empty: nobody can act there, and people should know. */
  unstaffedLanes: Lane[];
  notice?: string;
  locale?: Locale;
}

export function help({ unstaffedLanes, notice, locale = 'ja' }: HelpInput): SlackMessage {
  const m = messages(locale);
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: notice } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${m.help.commandsHeading}\n${m.help.commands.join('\n')}` } });
  if (unstaffedLanes.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: m.help.unstaffed(unstaffedLanes.map((l) => m.actors[l]).join(m.common.listSeparator)) } });
  }
  for (const procedure of PROCEDURES) {
    const lines = procedure.steps.map((s) => {
      const condition = s.onlyIf ? `（${label(locale, s.onlyIf.label)}）` : '';
      return `• ${stepLabel(s, locale)} — ${s.final ? m.common.done : lanesLabel(s, locale)}${condition}`;
    });
    // The manual is a document of the seed: its name stays as it is.
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${procedureTitle(procedure, locale)}*（${procedure.manual}）\n${lines.join('\n')}` } });
  }
  return { text: m.help.title, blocks };
}
