// `/mdoc new` submitted: validate the intake form, create the case at its first step, announce it.
import { formById } from '../forms/declarations.js';
import type { LocalText } from '../i18n/messages.js';
import type { FormValues } from '../forms/types.js';
import { validateForm } from '../forms/validate.js';
import { procedureById } from '../workflow/procedures/index.js';
import { openCase as decideOpen } from '../workflow/transition.js';
import { caseKey, type CaseRecord } from './case.js';
import type { InboundRepository } from '../inbound/inbound-repository.js';
import { hasFiles } from '../inbound/link-inbound.js';
import type { CaseRepository } from './case-repository.js';
import { stepClock } from '../workflow/deadlines.js';
import { stepByCode } from '../workflow/steps.js';
import { inboundNotice, notificationsForInbound, notificationsForOpen, withoutDmUnlessSlack } from './notifications.js';
import { checkReferences } from './references.js';

export interface OpenCaseOptions {
  procedureId: string;
  requesterId: string;
  form: FormValues;
  /** The submission's identity (the Slack view ID), so that a retried submit opens no second case. */
  intakeKey?: string;
  /** The inbound mail the case is opened from (a triage post's button): one case per mail, its source. */
  inboundId?: number;
}

export type OpenCaseResult = { kind: 'opened'; case: CaseRecord } | { kind: 'invalid'; errors: Record<string, LocalText> };

export interface OpenCaseDeps {
  cases: Pick<CaseRepository, 'create' | 'findByKey'>;
  inbound?: Pick<InboundRepository, 'find'>;
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
  const source = options.inboundId === undefined ? undefined : await deps.inbound?.find(options.inboundId);
  if (source) decision.record.data = { source_inbound: String(source.id) };
  const clock = stepClock(stepByCode(procedure, decision.next.step), deps.now?.() ?? new Date());
  const created = await deps.cases.create({
    procedure: procedure.id,
    snapshot: decision.next,
    record: decision.record,
    clock,
    orgName: String(fields.org_name),
    corporateNumber: String(fields.corporate_number),
    applicantEmail: String(fields.email),
    // A mail opens one case, whichever modal (or however many) it was registered from.
    intakeKey: source ? `mail:${source.id}` : options.intakeKey,
    adopt: source && {
      inboundId: source.id,
      notifications: (id) => [
        ...notificationsForInbound({ id, requesterId: options.requesterId }, source.id, hasFiles(source.detail)),
        { ...inboundNotice(source.id, 'linked', { case: caseKey(id), by: options.requesterId }), caseId: id },
      ],
    },
    notifications: (id) => withoutDmUnlessSlack(options.requesterId, notificationsForOpen(id, decision.next.step, clock.deadline)),
  });
  deps.onCommitted?.();
  return { kind: 'opened', case: created };
}
