// The one place that decides what an action does to a case. Pure, like XState's transition(): it returns
// the next state and what must be announced, and runs nothing.
import { formById } from '../forms/declarations.js';
import { localText, type LocalText } from '../i18n/messages.js';
import type { FormValues } from '../forms/types.js';
import { validateForm } from '../forms/validate.js';
import { mayAct, type Actor } from './authorize.js';
import type { CaseFields } from './conditions.js';
import { actionLanes, documentsToIssue, findAction, intakeStep, nextStep, outcomeOf, stepByCode } from './steps.js';
import type { ActionDecl, Lane, MailDecl, ProcedureDecl, ReminderDecl, StepDecl } from './types.js';

export interface CaseSnapshot {
  step: string;
  version: number;
  closed: boolean;
  requesterId: string;
  fields: CaseFields;
}

/** What a guard needs to know about other cases. */
export interface LinkedCase {
  key: string;
  procedure: string;
  step: string;
  closed: boolean;
  /** Its certificate was revoked (after (4)-d): a certification no longer obtained. */
  revoked?: boolean;
}

export interface ActionEvent {
  actionId: string;
  actor: Actor;
  /** The raw values of the action's modal, when it has one (a form, or a file to issue). */
  form?: FormValues;
  /** The documents the modal brought a checked file for (the case's own 承諾書, 認定書, test result). */
  documents?: ReadonlySet<string>;
  /** The certification case a usage case is linked to, for the (4)-c gate. */
  linked?: LinkedCase;
  /** The clock for date checks in forms (a proposed test date must lie ahead). */
  now?: Date;
  /** Small teams may let a requester approve their own case (MDOC_ALLOW_SELF_APPROVAL). */
  selfApprovalAllowed?: boolean;
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
  /** The action taken. */
  action: ActionDecl;
  /** The mails this transition sends (documents are chosen per case when rendered). */
  mails: MailDecl[];
  reminder?: ReminderDecl;
  /** The form the action took, whose values are in record.data. */
  form?: string;
}

export type Refused =
  | { ok: false; reason: 'closed' }
  | { ok: false; reason: 'unknown_action'; step: StepDecl }
  | { ok: false; reason: 'forbidden'; step: StepDecl; lanes: Lane[] }
  | { ok: false; reason: 'four_eyes'; step: StepDecl }
  /** The action opens a modal first: its form, if it has one, and a file input for each document it issues. */
  | { ok: false; reason: 'form_required'; step: StepDecl; action: ActionDecl; form?: string; documents: string[] }
  | { ok: false; reason: 'invalid_form'; step: StepDecl; errors: Record<string, LocalText> }
  | { ok: false; reason: 'guarded'; step: StepDecl; action: ActionDecl; linked?: LinkedCase };

export type Decision = Applied | Refused;

/** The (4)-c gate: a business that builds its own verifier needs its certification first. */
export function guardHolds(action: ActionDecl, fields: CaseFields, linked: LinkedCase | undefined): boolean {
  if (action.guard !== 'linked_certification_obtained' || fields.own_verifier !== 'yes') return true;
  return Boolean(linked?.closed && !linked.revoked);
}

export function transition(procedure: ProcedureDecl, snapshot: CaseSnapshot, event: ActionEvent): Decision {
  const step = stepByCode(procedure, snapshot.step);
  const action = findAction(procedure, step, event.actionId, snapshot.fields);
  // A closed case is done, except for what its menu offers afterwards (revoking its certificate).
  if (snapshot.closed && !action?.menu) return { ok: false, reason: 'closed' };
  if (!action) return { ok: false, reason: 'unknown_action', step };
  const lanes = actionLanes(step, action);
  if (!mayAct(lanes, event.actor, snapshot.requesterId)) return { ok: false, reason: 'forbidden', step, lanes };
  if (step.review && action.style !== 'danger' && event.actor.userId === snapshot.requesterId && !event.selfApprovalAllowed) {
    return { ok: false, reason: 'four_eyes', step };
  }
  if (!guardHolds(action, snapshot.fields, event.linked)) return { ok: false, reason: 'guarded', step, action, linked: event.linked };

  const documents = documentsToIssue(action, snapshot.fields);
  if ((action.form || documents.length) && !event.form) return { ok: false, reason: 'form_required', step, action, ...(action.form ? { form: action.form } : {}), documents };
  const form = action.form ? formById(action.form) : undefined;
  const checked = form ? validateForm(form, event.form!, { now: event.now ?? new Date() }) : { ok: true as const, values: {} as FormValues };
  // Each document the action issues needs its file; the modal's input for it is named after it.
  const errors: Record<string, LocalText> = { ...(checked.ok ? {} : checked.errors) };
  for (const d of documents) if (!event.documents?.has(d)) errors[d] = localText((m) => m.validation.issuedFileMissing(d));
  if (!checked.ok || Object.keys(errors).length) return { ok: false, reason: 'invalid_form', step, errors };
  const { [form?.commentField ?? '']: commentValue, ...rest } = checked.values;
  const data: FormValues = form?.commentField ? rest : checked.values;
  const comment = form?.commentField && typeof commentValue === 'string' ? commentValue : null;

  const merged: Record<string, unknown> = { ...snapshot.fields, ...data };
  const outcome = outcomeOf(procedure, step, action, merged);
  for (const field of outcome.clears) delete merged[field];
  return {
    ok: true,
    next: { ...snapshot, step: outcome.target.code, version: snapshot.version + 1, closed: Boolean(outcome.target.final), fields: merged },
    record: { fromStep: step.code, toStep: outcome.target.code, action: action.id, actorId: event.actor.userId, comment, data },
    action,
    mails: outcome.mails,
    ...(action.reminder ? { reminder: action.reminder } : {}),
    ...(action.form ? { form: action.form } : {}),
  };
}

/** A new case: the intake step is done by the form itself, so the case waits at the step after it. */
export function openCase(procedure: ProcedureDecl, fields: CaseFields, requesterId: string): Omit<Applied, 'action'> {
  const intake = intakeStep(procedure);
  const first = nextStep(procedure, intake.code, fields);
  return {
    ok: true,
    next: { step: first.code, version: 1, closed: false, requesterId, fields },
    record: { fromStep: intake.code, toStep: first.code, action: 'open', actorId: requesterId, comment: null, data: {} },
    mails: [],
  };
}
