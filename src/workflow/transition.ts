// The one place that decides what an action does to a case. Pure, like XState's transition(): it returns
// the next state and what must be announced, and runs nothing.
import { formById } from '../forms/declarations.js';
import type { FormValues } from '../forms/types.js';
import { validateForm } from '../forms/validate.js';
import { mayAct, type Actor } from './authorize.js';
import type { CaseFields } from './conditions.js';
import { findAction, intakeStep, nextStep, stepByCode, targetOf } from './steps.js';
import type { ActionDecl, Lane, MailDecl, ProcedureDecl, StepDecl } from './types.js';

export interface CaseSnapshot {
  step: string;
  version: number;
  closed: boolean;
  requesterId: string;
  fields: CaseFields;
}

export interface ActionEvent {
  actionId: string;
  actor: Actor;
  /** The raw values of the action's form, when it has one. */
  form?: FormValues;
}

/** What the transition row records. */
export interface TransitionRecord {
  fromStep: string | null;
  toStep: string;
  action: string;
  actorId: string;
  comment: string | null;
  data: FormValues;
}

export interface Applied {
  ok: true;
  next: CaseSnapshot;
  record: TransitionRecord;
  /** The mails this transition sends (unfiltered; documents are chosen per case when rendered). */
  mails: MailDecl[];
}

export type Refused =
  | { ok: false; reason: 'closed' }
  | { ok: false; reason: 'unknown_action'; step: StepDecl }
  | { ok: false; reason: 'forbidden'; step: StepDecl; lanes: Lane[] }
  | { ok: false; reason: 'form_required'; step: StepDecl; action: ActionDecl; form: string }
  | { ok: false; reason: 'invalid_form'; step: StepDecl; errors: Record<string, string> };

export type Decision = Applied | Refused;

export function transition(procedure: ProcedureDecl, snapshot: CaseSnapshot, event: ActionEvent): Decision {
  if (snapshot.closed) return { ok: false, reason: 'closed' };
  const step = stepByCode(procedure, snapshot.step);
  const action = findAction(step, event.actionId);
  if (!action) return { ok: false, reason: 'unknown_action', step };
  if (!mayAct(step.lanes, event.actor, snapshot.requesterId)) {
    return { ok: false, reason: 'forbidden', step, lanes: step.lanes };
  }

  let data: FormValues = {};
  let comment: string | null = null;
  if (action.form) {
    if (!event.form) return { ok: false, reason: 'form_required', step, action, form: action.form };
    const form = formById(action.form);
    const checked = validateForm(form, event.form);
    if (!checked.ok) return { ok: false, reason: 'invalid_form', step, errors: checked.errors };
    const { [form.commentField ?? '']: commentValue, ...rest } = checked.values;
    data = form.commentField ? rest : checked.values;
    comment = typeof commentValue === 'string' ? commentValue : null;
  }

  const fields = { ...snapshot.fields, ...data };
  const target = targetOf(procedure, step, action, fields);
  return {
    ok: true,
    next: { ...snapshot, step: target.code, version: snapshot.version + 1, closed: Boolean(target.final), fields },
    record: { fromStep: step.code, toStep: target.code, action: action.id, actorId: event.actor.userId, comment, data },
    mails: action.mails ?? [],
  };
}

/** A new case: the intake step is done by the form itself, so the case waits at the step after it. */
export function openCase(procedure: ProcedureDecl, fields: CaseFields, requesterId: string): Applied {
  const intake = intakeStep(procedure);
  const first = nextStep(procedure, intake.code, fields);
  return {
    ok: true,
    next: { step: first.code, version: 1, closed: false, requesterId, fields },
    record: { fromStep: intake.code, toStep: first.code, action: 'open', actorId: requesterId, comment: null, data: {} },
    mails: [],
  };
}
