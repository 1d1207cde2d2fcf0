// `/mdoc new` submitted: validate the intake form, create the case at its first step, announce it.
import { formById } from '../forms/declarations.js';
import type { LocalText } from '../i18n/messages.js';
import type { FormValues } from '../forms/types.js';
import { validateForm } from '../forms/validate.js';
import { procedureById } from '../workflow/procedures/index.js';
import { openCase as decideOpen } from '../workflow/transition.js';
import type { CaseRecord } from './case.js';
import type { CaseRepository } from './case-repository.js';
import { stepClock } from '../workflow/deadlines.js';
import { stepByCode } from '../workflow/steps.js';
import { notificationsForOpen } from './notifications.js';
import { checkReferences } from './references.js';

export interface OpenCaseOptions {
  procedureId: string;
  requesterId: string;
  form: FormValues;
  /** The submission's identity (the Slack view ID), so that a retried submit opens no second case. */
  intakeKey?: string;
}

export type OpenCaseResult = { kind: 'opened'; case: CaseRecord } | { kind: 'invalid'; errors: Record<string, LocalText> };

export interface OpenCaseDeps {
  cases: Pick<CaseRepository, 'create' | 'findByKey'>;
  onCommitted?: () => void;
  /** The clock deadlines count from (tests fix it). */
  now?: () => Date;
}

export async function openCase(deps: OpenCaseDeps, options: OpenCaseOptions): Promise<OpenCaseResult> {
  const procedure = procedureById(options.procedureId);
  const form = formById(procedure.intakeForm);
  const checked = validateForm(form, options.form);
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
  const referenceErrors = await checkReferences(deps.cases, form, checked.values);
  if (Object.keys(referenceErrors).length) return { kind: 'invalid', errors: referenceErrors };
  const fields = checked.values;
  const decision = decideOpen(procedure, fields, options.requesterId);
  const clock = stepClock(stepByCode(procedure, decision.next.step), deps.now?.() ?? new Date());
  const created = await deps.cases.create({
    procedure: procedure.id,
    snapshot: decision.next,
    record: decision.record,
    clock,
    orgName: String(fields.org_name),
    corporateNumber: String(fields.corporate_number),
    applicantEmail: String(fields.email),
    intakeKey: options.intakeKey,
    notifications: (id) => notificationsForOpen(id, decision.next.step, clock.deadline),
  });
  deps.onCommitted?.();
  return { kind: 'opened', case: created };
}
