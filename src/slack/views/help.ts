// `/mdoc help`, written from the declarations: the commands, then every step of every procedure.
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';
import { PROCEDURES } from '../../workflow/procedures/index.js';
import type { Lane } from '../../workflow/types.js';
import { STAFF_LANES, type StaffLane } from '../../workflow/lanes.js';
import type { SlackMessage } from './case-card.js';
import { laneLabel, lanesLabel, procedureTitle, stepLabel } from './step-label.js';

/** Where each lane's people are configured: named in the admin section only, never elsewhere. */
export const ROLE_SETTINGS: Record<StaffLane, string> = { agency: 'MDOC_REVIEWERS', operator: 'MDOC_OPERATORS', test_lab: 'MDOC_TEST_LABS' };

/** The block of the admin section, the one place a setting's name is shown. */
export const HELP_ADMIN_BLOCK = 'help_admin';

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
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: m.help.unstaffed(unstaffedLanes.map((l) => laneLabel(l, locale)).join(m.common.listSeparator)) } });
  }
  for (const procedure of PROCEDURES) {
    const lines = procedure.steps.map((s) => {
      const condition = s.onlyIf ? m.common.aside(label(locale, s.onlyIf.label)) : '';
      return `• ${stepLabel(s, locale)} — ${s.final ? m.common.done : lanesLabel(s, locale)}${condition}`;
    });
    // The manual is a document of the seed: its name stays as it is.
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${procedureTitle(procedure, locale)}*${m.common.aside(procedure.manual)}\n${lines.join('\n')}` } });
  }
  const roleLines = STAFF_LANES.map((lane) => {
    const name = lane === 'agency' ? `${laneLabel(lane, locale)}${m.common.aside(m.help.reviewers)}` : laneLabel(lane, locale);
    return m.help.roleSetting(name, ROLE_SETTINGS[lane], unstaffedLanes.includes(lane));
  });
  blocks.push({ type: 'divider' }, { type: 'section', block_id: HELP_ADMIN_BLOCK, text: { type: 'mrkdwn', text: `${m.help.adminHeading}\n${m.help.adminIntro}\n${roleLines.join('\n')}` } });
  return { text: m.help.title, blocks };
}
