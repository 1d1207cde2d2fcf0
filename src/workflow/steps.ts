// Reading a declaration: which step comes next for a given case, and what may be done there.
import { holds, type CaseFields } from './conditions.js';
import type { ActionDecl, ProcedureDecl, StepDecl } from './types.js';

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

export function findAction(step: StepDecl, actionId: string): ActionDecl | undefined {
  return step.actions.find((a) => a.id === actionId);
}

export function targetOf(procedure: ProcedureDecl, from: StepDecl, action: ActionDecl, fields: CaseFields): StepDecl {
  return action.to.kind === 'next' ? nextStep(procedure, from.code, fields) : stepByCode(procedure, action.to.code);
}
