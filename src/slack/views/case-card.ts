// The case card in the reviewer channel (and its copy at the top of the requester's DM thread):
// who applies, where the case waits, who acts next, and the buttons valid at this step.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { CaseRecord, TransitionRow } from '../../cases/case.js';
import { displayValue, fieldLabel } from '../../forms/declarations.js';
import { LANE_ACTORS } from '../../workflow/lanes.js';
import { procedureById } from '../../workflow/procedures/index.js';
import { actionLanes, availableActions, stepByCode } from '../../workflow/steps.js';
import { guardHolds, type LinkedCase } from '../../workflow/transition.js';
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
  /** The certification case a usage case is linked to. */
  linked?: LinkedCase;
  /** A line above the card (the DM copy says why the requester receives it). */
  intro?: string;
  /** The clock for "overdue" (tests fix it). */
  now?: Date;
}

function fieldText(name: string, value: unknown): string {
  return `*${fieldLabel(name)}*\n${escapeMrkdwn(displayValue(name, value) || '—')}`;
}

export function caseButtons(procedure: ProcedureDecl, c: CaseRecord, linked?: LinkedCase): Button[] {
  const step = stepByCode(procedure, c.step);
  const value: ButtonValue = { case: c.key, step: step.code, version: c.version };
  return availableActions(procedure, step, c.fields).map((action) => {
    // A gated button says why it cannot be used yet, and is not offered as the way forward.
    const open = guardHolds(action, c.fields, linked);
    const style = open ? action.style : undefined;
    return {
      type: 'button',
      action_id: `${CASE_ACTION_PREFIX}${action.id}`,
      text: { type: 'plain_text', text: open ? action.label : `${action.label}（認定取得待ち）` },
      value: JSON.stringify(value),
      ...(style ? { style } : {}),
    };
  });
}

function linkedLine(c: CaseRecord, linked: LinkedCase | undefined): string | undefined {
  if (c.fields.own_verifier !== 'yes') return undefined;
  if (!linked) return '*確認用PG認定*: 未紐付け（「認定案件を紐付け」または `/mdoc link` で紐付けてください）';
  const step = stepByCode(procedureById(linked.procedure), linked.step);
  return `*確認用PG認定*: ${linked.key} — ${stepLabel(step)}${linked.closed ? '（取得済み）' : '（未取得）'}`;
}

export function caseCard({ procedure, case: c, last, linked, intro, now }: CaseCardInput): SlackMessage {
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
        ...procedure.cardFields.map((name) => ({ type: 'mrkdwn' as const, text: fieldText(name, f[name]) })),
        { type: 'mrkdwn' as const, text: `*依頼者*\n${mention(c.requesterId)}${(f.preparation as string[] | undefined)?.length ? '\n（利用準備申請）' : ''}` },
      ].slice(0, 10),
    },
    { type: 'divider' },
  );
  if (step.final) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${stepLabel(step)}*\n手続きが完了しました。` } });
  } else {
    const actors = [...new Set(availableActions(procedure, step, f).flatMap((a) => actionLanes(step, a)))].map((l) => LANE_ACTORS[l]);
    const due = c.dueDate && c.overdueAt ? `\n*期限*: ${c.dueDate.replace(/-/g, '/')}（${step.targetDays}営業日）${(now ?? new Date()) >= c.overdueAt ? ' :warning: 超過' : ''}` : '';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*現在のステップ*\n${stepLabel(step)}\n*担当*: ${lanesLabel(step)}（${actors.join('、')}）${due}` } });
  }
  const shown = (step.shows ?? []).filter((name) => f[name] !== undefined);
  if (shown.length) blocks.push({ type: 'section', fields: shown.map((name) => ({ type: 'mrkdwn' as const, text: fieldText(name, f[name]) })) });
  const link = linkedLine(c, linked);
  if (link) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: link } });
  const buttons = caseButtons(procedure, c, linked);
  if (buttons.length) blocks.push({ type: 'actions', block_id: `case_actions:${c.version}`, elements: buttons } satisfies ActionsBlock);
  const lastLine = last ? `最終更新: ${tokyoTime(last.createdAt)} ${mention(last.actorId)}` : `登録: ${tokyoTime(c.createdAt)}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${lastLine}・版 ${c.version}` }] });
  return { text: `${c.key} ${escapeMrkdwn(String(f.org_name))}: ${stepLabel(step)}`, blocks };
}
