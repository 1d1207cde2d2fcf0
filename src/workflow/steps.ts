// Reading a declaration: which step comes next for a given case, and what may be done there.
import { holds, type CaseFields } from './conditions.js';
import { DESK_ACTION_LABELS } from './desk-actions.js';
import type { ActionDecl, Branch, Lane, MailDecl, ProcedureDecl, SimpleTarget, StepDecl } from './types.js';

export function stepByCode(procedure: ProcedureDecl, code: string): StepDecl {
  const step = procedure.steps.find((s) => s.code === code);
  if (!step) throw new Error(`${procedure.id} has no step ${code}`);
  return step;
}

/** The first step after `code` that applies to this case (steps whose condition fails are skipped). */
export function nextStep(procedure: ProcedureDecl, code: string, fields: CaseFields): StepDecl {
  const index = procedure.steps.findIndex((s) => s.code === code);
  const next = procedure.steps.slice(index + 1).find((s) => holds(s.onlyIf, fields));
  if (index < 0 || !next) throw new Error(`${procedure.id}: no step after ${code}`);
  return next;
}

export function intakeStep(procedure: ProcedureDecl): StepDecl {
  const step = procedure.steps.find((s) => s.intake);
  if (!step) throw new Error(`${procedure.id} declares no intake step`);
  return step;
}

/** What can be done at `step` for a case with these fields, in the order the buttons appear. */
export function availableActions(procedure: ProcedureDecl, step: StepDecl, fields: CaseFields): ActionDecl[] {
  if (step.final) return [];
  return [...step.actions, ...(procedure.caseActions ?? []).filter((a) => !a.menu)].filter((a) => holds(a.when, fields));
}

/** What the case card's overflow menu offers for a case with these fields, at any step, open or closed. */
export function menuActions(procedure: ProcedureDecl, fields: CaseFields): ActionDecl[] {
  return (procedure.caseActions ?? []).filter((a) => a.menu && holds(a.when, fields));
}

export function findAction(procedure: ProcedureDecl, step: StepDecl, actionId: string, fields?: CaseFields): ActionDecl | undefined {
  const menu = (procedure.caseActions ?? []).filter((a) => a.menu);
  const actions = fields
    ? [...availableActions(procedure, step, fields), ...menuActions(procedure, fields)]
    : [...step.actions, ...(step.final ? menu : (procedure.caseActions ?? []))];
  return actions.find((a) => a.id === actionId);
}

/** The label of the action a transition records: the procedure's, or the desk's own (desk-actions.ts); else its ID. */
export function recordedActionLabel(procedure: ProcedureDecl, t: { fromStep: string | null; action: string }): string {
  const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
  return (from && findAction(procedure, from, t.action))?.label ?? DESK_ACTION_LABELS[t.action] ?? t.action;
}

/** The lanes whose people may take the action. */
export const actionLanes = (step: StepDecl, action: ActionDecl): Lane[] => action.lanes ?? step.lanes;

function simpleTarget(procedure: ProcedureDecl, from: StepDecl, to: SimpleTarget, fields: CaseFields): StepDecl {
  if (to.kind === 'next') return nextStep(procedure, from.code, fields);
  if (to.kind === 'stay') return from;
  return stepByCode(procedure, to.code);
}

export interface Outcome {
  target: StepDecl;
  mails: MailDecl[];
  clears: string[];
}

/** Where the action leaves the case, and what it mails; a branch is chosen by the form's value. */
export function outcomeOf(procedure: ProcedureDecl, from: StepDecl, action: ActionDecl, fields: CaseFields): Outcome {
  if (action.to.kind !== 'branch') {
    return { target: simpleTarget(procedure, from, action.to, fields), mails: action.mails ?? [], clears: [] };
  }
  const branch: Branch | undefined = action.to.branches[String(fields[action.to.field])];
  if (!branch) throw new Error(`${procedure.id} ${from.code} ${action.id}: no branch for ${action.to.field}=${String(fields[action.to.field])}`);
  return { target: simpleTarget(procedure, from, branch.to, fields), mails: [...(action.mails ?? []), ...(branch.mails ?? [])], clears: branch.clears ?? [] };
}

/** The documents a mail lists for a case of this variant (対面 or 非対面 libraries, for one). */
export function mailDocuments(mail: MailDecl, fields: CaseFields): string[] {
  return (mail.documents ?? []).filter((d) => holds(d.when, fields)).map((d) => d.name);
}

/** Of the documents a mail lists for a case, those issued to the case itself (not from the library). */
export function issuedDocuments(mail: MailDecl, fields: CaseFields): string[] {
  return (mail.documents ?? []).filter((d) => d.issued && holds(d.when, fields)).map((d) => d.name);
}

/** Every mail an action can send, whichever branch it takes. */
export function possibleMails(action: ActionDecl): MailDecl[] {
  const branches = action.to.kind === 'branch' ? Object.values(action.to.branches) : [];
  return [...(action.mails ?? []), ...branches.flatMap((b) => b.mails ?? [])];
}

/** The documents the action's modal asks a file for: those issued by any mail the action can send. */
export function documentsToIssue(action: ActionDecl, fields: CaseFields): string[] {
  return [...new Set(possibleMails(action).flatMap((mail) => issuedDocuments(mail, fields)))];
}

/** Every step an action can lead to (for diagrams and reachability). */
export function possibleTargets(action: ActionDecl): SimpleTarget[] {
  return action.to.kind === 'branch' ? Object.values(action.to.branches).map((b) => b.to) : [action.to];
}
