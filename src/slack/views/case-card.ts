// The case card in the reviewer channel (and its copy at the top of the requester's DM thread):
// who applies, where the case waits, who acts next, and the buttons valid at this step.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { CaseRecord, TransitionRow } from '../../cases/case.js';
import { displayValue, fieldLabel } from '../../forms/declarations.js';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';
import { procedureById } from '../../workflow/procedures/index.js';
import { availableActions, menuActions, stepByCode } from '../../workflow/steps.js';
import type { LaneHolders } from '../../workflow/lanes.js';
import { guardHolds, type LinkedCase } from '../../workflow/transition.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import { CASE_ACTION_PREFIX, CASE_MENU_ACTION, REVOKE_LINK_OPTION, type ButtonValue } from '../ids.js';
import type { IssuedFileSummary } from '../../cases/issued-files.js';
import { isSlackUser } from '../../workflow/authorize.js';
import { escapeMrkdwn, mention, tokyoTime } from './mrkdwn.js';
import { lanesWho, procedureTitle, stepLabel } from './step-label.js';

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
  /** The channel card is Japanese, the desk's language; the requester's DM copy is in theirs. */
  locale?: Locale;
  /**
   * Who holds each lane (user and user-group IDs): the card names them where the case waits. Posting the
   * card notifies the people of its first step once; its later chat.update edits notify nobody again.
   */
  holders: LaneHolders;
  /** The newest file of each document issued to the case, named with the start of its sha256. */
  issued?: IssuedFileSummary[];
}

function fieldText(name: string, value: unknown, locale: Locale): string {
  return `*${fieldLabel(name, locale)}*\n${escapeMrkdwn(displayValue(name, value, locale) || '—')}`;
}

export function caseButtons(procedure: ProcedureDecl, c: CaseRecord, linked?: LinkedCase, locale: Locale = 'ja'): Button[] {
  const step = stepByCode(procedure, c.step);
  const value: ButtonValue = { case: c.key, step: step.code, version: c.version };
  return availableActions(procedure, step, c.fields).map((action) => {
    // A gated button says why it cannot be used yet, and is not offered as the way forward.
    const open = guardHolds(action, c.fields, linked);
    const style = open ? action.style : undefined;
    return {
      type: 'button',
      action_id: `${CASE_ACTION_PREFIX}${action.id}`,
      text: { type: 'plain_text', text: open ? label(locale, action.label) : `${label(locale, action.label)}${messages(locale).card.awaitingCertification}` },
      value: JSON.stringify(value),
      ...(style ? { style } : {}),
    };
  });
}

function linkedLine(c: CaseRecord, linked: LinkedCase | undefined, locale: Locale): string | undefined {
  if (c.fields.own_verifier !== 'yes') return undefined;
  const m = messages(locale).card;
  if (!linked) return `*${m.certification}*: ${m.notLinked}`;
  const step = stepByCode(procedureById(linked.procedure), linked.step);
  return `*${m.certification}*: ${linked.key} — ${stepLabel(step, locale)}${linked.revoked ? m.revoked : linked.closed ? m.obtained : m.notObtained}`;
}

/** The channel card's menu: revoke the applicant's personal link, and what the procedure offers there (revoke a certificate). */
function caseMenu(procedure: ProcedureDecl, c: CaseRecord, locale: Locale) {
  const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });
  return {
    type: 'overflow' as const,
    action_id: CASE_MENU_ACTION,
    options: [option(messages(locale).card.revokeLink, `${REVOKE_LINK_OPTION}:${c.key}`), ...menuActions(procedure, c.fields).map((a) => option(label(locale, a.label), `${a.id}:${c.key}`))],
  };
}

export function caseCard({ procedure, case: c, last, linked, intro, now, locale = 'ja', holders, issued = [] }: CaseCardInput): SlackMessage {
  const m = messages(locale).card;
  const step = stepByCode(procedure, c.step);
  const f = c.fields;
  const blocks: KnownBlock[] = [];
  if (intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: intro } });
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: `${c.key} ${procedureTitle(procedure, locale)}` } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(String(f.org_name))}*` },
      // The channel card's menu, for reviewers (not on the DM copy).
      ...(intro ? {} : { accessory: caseMenu(procedure, c, locale) }),
    },
    {
      type: 'section',
      fields: [
        ...procedure.cardFields.map((name) => ({ type: 'mrkdwn' as const, text: fieldText(name, f[name], locale) })),
        { type: 'mrkdwn' as const, text: `*${m.requester}*\n${isSlackUser(c.requesterId) ? mention(c.requesterId) : m.fromWeb}${(f.preparation as string[] | undefined)?.length ? `\n${m.preparation}` : ''}` },
      ].slice(0, 10),
    },
    { type: 'divider' },
  );
  // A mail of the case came back (issue 15): said above everything that waits on the applicant.
  if (c.undeliveredTo.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: m.undelivered(c.undeliveredTo.map(escapeMrkdwn).join(messages(locale).common.listSeparator)) } });
  if (step.final) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${stepLabel(step, locale)}*\n${m.completed}` } });
  } else {
    const due = c.dueDate && c.overdueAt ? `\n${m.due(c.dueDate, step.targetDays ?? 0, (now ?? new Date()) >= c.overdueAt)}` : '';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${m.currentStep}*\n${stepLabel(step, locale)}\n*${m.lanes}*: ${lanesWho(step.lanes, holders, c.requesterId, locale)}${due}` } });
  }
  const shown = (step.shows ?? []).filter((name) => f[name] !== undefined);
  if (shown.length) blocks.push({ type: 'section', fields: shown.map((name) => ({ type: 'mrkdwn' as const, text: fieldText(name, f[name], locale) })) });
  if (issued.length) {
    const lines = issued.map((f) => `• ${m.issuedLine(escapeMrkdwn(f.document), escapeMrkdwn(f.fileName), f.sha256.slice(0, 8), f.version)}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${m.issued}*\n${lines.join('\n')}` } });
  }
  const link = linkedLine(c, linked, locale);
  if (link) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: link } });
  const buttons = caseButtons(procedure, c, linked, locale);
  if (buttons.length) blocks.push({ type: 'actions', block_id: `case_actions:${c.version}`, elements: buttons } satisfies ActionsBlock);
  const lastLine = last ? m.lastUpdate(tokyoTime(last.createdAt), mention(last.actorId, locale)) : m.registered(tokyoTime(c.createdAt));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${lastLine}${messages(locale).common.joiner}${m.version(c.version)}` }] });
  return { text: `${c.key} ${escapeMrkdwn(String(f.org_name))}: ${stepLabel(step, locale)}`, blocks };
}
