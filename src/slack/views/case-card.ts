// The case card in the reviewer channel (and its copy at the top of the requester's DM thread):
// who applies, where the case waits, who acts next, and the buttons valid at this step.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { CaseRecord, TransitionRow } from '../../cases/case.js';
import { displayValue, fieldLabel } from '../../forms/declarations.js';
import { LANE_ACTORS } from '../../workflow/lanes.js';
import { stepByCode } from '../../workflow/steps.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import { CASE_ACTION_PREFIX, type ButtonValue } from '../ids.js';
import { escapeMrkdwn, mention, tokyoTime } from './mrkdwn.js';
import { lanesLabel, stepLabel } from './step-label.js';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface CaseCardInput {
  procedure: ProcedureDecl;
  case: CaseRecord;
  last?: TransitionRow;
  /** A line above the card (the DM copy says why the requester receives it). */
  intro?: string;
}

/** The intake fields shown on every card, after the organisation name. */
const CARD_FIELDS = ['category', 'corporate_number', 'department', 'contact_name', 'phone', 'email', 'usage_mode', 'krl_proxy'];

function fieldText(name: string, value: unknown): string {
  return `*${fieldLabel(name)}*\n${escapeMrkdwn(displayValue(name, value) || '—')}`;
}

export function caseButtons(procedure: ProcedureDecl, c: CaseRecord): Button[] {
  const step = stepByCode(procedure, c.step);
  const value: ButtonValue = { case: c.key, step: step.code, version: c.version };
  return step.actions.map((action) => ({
    type: 'button',
    action_id: `${CASE_ACTION_PREFIX}${action.id}`,
    text: { type: 'plain_text', text: action.label },
    value: JSON.stringify(value),
    ...(action.style ? { style: action.style } : {}),
  }));
}

export function caseCard({ procedure, case: c, last, intro }: CaseCardInput): SlackMessage {
  const step = stepByCode(procedure, c.step);
  const f = c.fields;
  const blocks: KnownBlock[] = [];
  if (intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: intro } });
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: `${c.key} ${procedure.title}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(String(f.org_name))}*` } },
    {
      type: 'section',
      fields: [
        ...CARD_FIELDS.map((name) => ({ type: 'mrkdwn' as const, text: fieldText(name, f[name]) })),
        { type: 'mrkdwn' as const, text: `*依頼者*\n${mention(c.requesterId)}${(f.preparation as string[] | undefined)?.length ? '\n（利用準備申請）' : ''}` },
      ].slice(0, 10),
    },
    { type: 'divider' },
  );
  if (step.final) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${stepLabel(step)}*\n手続きが完了しました。` } });
  } else {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*現在のステップ*\n${stepLabel(step)}\n*担当*: ${lanesLabel(step)}（${step.lanes.map((l) => LANE_ACTORS[l]).join('、')}）` },
    });
  }
  for (const name of step.shows ?? []) {
    if (f[name] !== undefined) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fieldText(name, f[name]) } });
  }
  const buttons = caseButtons(procedure, c);
  if (buttons.length) blocks.push({ type: 'actions', block_id: `case_actions:${c.version}`, elements: buttons } satisfies ActionsBlock);
  const lastLine = last ? `最終更新: ${tokyoTime(last.createdAt)} ${mention(last.actorId)}` : `登録: ${tokyoTime(c.createdAt)}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${lastLine}・版 ${c.version}` }] });
  return { text: `${c.key} ${escapeMrkdwn(String(f.org_name))}: ${stepLabel(step)}`, blocks };
}
