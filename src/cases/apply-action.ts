// A button was clicked (or its form submitted): decide with the workflow, then claim the case's version
// and write the transition with its notifications in one transaction.
import type { FormValues } from '../forms/types.js';
import type { Actor } from '../workflow/authorize.js';
import { procedureById } from '../workflow/procedures/index.js';
import { transition, type Refused, type TransitionRecord } from '../workflow/transition.js';
import type { CaseRecord, TransitionRow } from './case.js';
import type { CaseRepository } from './case-repository.js';
import { notificationsForTransition } from './notifications.js';

export interface ApplyActionOptions {
  caseKey: string;
  /** The case version the button or form was made for. */
  expectedVersion: number;
  actionId: string;
  actor: Actor;
  form?: FormValues;
}

export type ApplyActionResult =
  | { kind: 'applied'; case: CaseRecord; record: TransitionRecord }
  | { kind: 'not_found' }
  /** Someone already moved the case past the version the click was made for. */
  | { kind: 'stale'; case: CaseRecord; doneBy?: TransitionRow }
  | { kind: 'refused'; case: CaseRecord; refusal: Refused };

export interface ApplyActionDeps {
  cases: Pick<CaseRepository, 'findByKey' | 'commitTransition' | 'transitionAt'>;
  operatorEmail?: string;
  onCommitted?: () => void;
}

export async function applyAction(deps: ApplyActionDeps, options: ApplyActionOptions): Promise<ApplyActionResult> {
  const found = await deps.cases.findByKey(options.caseKey);
  if (!found) return { kind: 'not_found' };
  const stale = async (current: CaseRecord): Promise<ApplyActionResult> => ({
    kind: 'stale',
    case: current,
    doneBy: await deps.cases.transitionAt(current.id, options.expectedVersion + 1),
  });
  if (found.version !== options.expectedVersion) return stale(found);

  const procedure = procedureById(found.procedure);
  const decision = transition(procedure, found, { actionId: options.actionId, actor: options.actor, form: options.form });
  if (!decision.ok) return { kind: 'refused', case: found, refusal: decision };

  const outcome = await deps.cases.commitTransition({
    caseId: found.id,
    expectedVersion: options.expectedVersion,
    next: decision.next,
    record: decision.record,
    notifications: notificationsForTransition(found.id, decision.next.version, decision.mails, {
      applicant: String(found.fields.email),
      operator: deps.operatorEmail,
    }),
  });
  if (outcome === 'stale') {
    const current = await deps.cases.findByKey(options.caseKey);
    return stale(current ?? found);
  }
  deps.onCommitted?.();
  return { kind: 'applied', case: { ...found, ...decision.next, updatedAt: new Date() }, record: decision.record };
}
