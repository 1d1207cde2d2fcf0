// A button was clicked (or its form submitted): decide with the workflow, then claim the case's version
// and write the transition with its notifications in one transaction.
import { formById } from '../forms/declarations.js';
import type { FormValues } from '../forms/types.js';
import type { Actor } from '../workflow/authorize.js';
import { procedureById } from '../workflow/procedures/index.js';
import { stepClock } from '../workflow/deadlines.js';
import { mailDocuments, stepByCode } from '../workflow/steps.js';
import { planAttachments, type AttachmentPlan } from '../documents/attachment-plan.js';
import type { DocumentLibrary } from '../documents/document-library.js';
import type { IncomingFile } from './case-files.js';
import { transition, type LinkedCase, type Refused, type TransitionRecord } from '../workflow/transition.js';
import type { CaseRecord, TransitionRow } from './case.js';
import type { CaseRepository } from './case-repository.js';
import { filesUpload, notificationsForLinkedUsage, notificationsForTransition, withoutDmUnlessSlack, type NotificationDraft } from './notifications.js';
import { checkReferences } from './references.js';

export interface ApplyActionOptions {
  caseKey: string;
  /** The case version the button or form was made for. */
  expectedVersion: number;
  actionId: string;
  actor: Actor;
  form?: FormValues;
  /** Files the step brings (an applicant's upload): stored with the transition, uploaded into the thread. */
  files?: IncomingFile[];
}

export type ApplyActionResult =
  /** `notAttached`: documents the step's mails list but do not carry (the clicker is told). */
  | { kind: 'applied'; case: CaseRecord; record: TransitionRecord; notAttached: string[] }
  | { kind: 'not_found' }
  /** Someone already moved the case past the version the click was made for. */
  | { kind: 'stale'; case: CaseRecord; doneBy?: TransitionRow }
  | { kind: 'refused'; case: CaseRecord; refusal: Refused };

export interface ApplyActionDeps {
  cases: Pick<CaseRepository, 'findByKey' | 'commitTransition' | 'transitionAt' | 'findLinkedUsageCases'>;
  operatorEmail?: string;
  /** The library whose current files the mails carry, and the limit of one mail's attachments. */
  documents?: { library: Pick<DocumentLibrary, 'current'>; limitBytes: number };
  onCommitted?: () => void;
  now?: () => Date;
  selfApprovalAllowed?: boolean;
}

/** The certification case a usage case names, as the (4)-c gate and the card need it. */
export async function linkedCaseOf(cases: Pick<CaseRepository, 'findByKey'>, c: CaseRecord): Promise<LinkedCase | undefined> {
  const key = c.fields.linked_certification;
  const linked = typeof key === 'string' ? await cases.findByKey(key) : undefined;
  return linked && { key: linked.key, procedure: linked.procedure, step: linked.step, closed: linked.closed };
}

export async function applyAction(deps: ApplyActionDeps, options: ApplyActionOptions): Promise<ApplyActionResult> {
  const { cases } = deps;
  const found = await cases.findByKey(options.caseKey);
  if (!found) return { kind: 'not_found' };
  const stale = async (current: CaseRecord): Promise<ApplyActionResult> => ({
    kind: 'stale',
    case: current,
    doneBy: await cases.transitionAt(current.id, options.expectedVersion + 1),
  });
  if (found.version !== options.expectedVersion) return stale(found);

  const procedure = procedureById(found.procedure);
  const decision = transition(procedure, found, {
    actionId: options.actionId,
    actor: options.actor,
    form: options.form,
    linked: await linkedCaseOf(cases, found),
    now: deps.now?.(),
    selfApprovalAllowed: deps.selfApprovalAllowed,
  });
  if (!decision.ok) return { kind: 'refused', case: found, refusal: decision };

  const referenceErrors = decision.form ? await checkReferences(cases, formById(decision.form), decision.record.data) : {};
  if (Object.keys(referenceErrors).length) {
    return { kind: 'refused', case: found, refusal: { ok: false, reason: 'invalid_form', step: stepByCode(procedure, found.step), errors: referenceErrors } };
  }

  const now = deps.now?.() ?? new Date();
  const clock = stepClock(stepByCode(procedure, decision.next.step), now, found);
  // A case that stays at its step keeps its deadline; its overdue reminder is scheduled again (the
  // earlier one is moot: it names the old version), unless that deadline has passed and was told.
  const remindAt = clock.deadline && (clock.since === now || clock.deadline.overdueAt > now) ? clock.deadline : undefined;
  const plans = await attachmentPlans(deps.documents, decision.mails.map((mail) => mailDocuments(mail, decision.next.fields)));
  const notifications: NotificationDraft[] = withoutDmUnlessSlack(found.requesterId, notificationsForTransition({
    caseId: found.id,
    version: decision.next.version,
    step: decision.next.step,
    fields: decision.next.fields,
    mails: decision.mails,
    plans,
    recipients: { applicant: String(found.fields.email), operator: deps.operatorEmail },
    reminder: decision.reminder,
    deadline: remindAt,
  }));
  if (procedure.family === 'certification') {
    for (const usage of await cases.findLinkedUsageCases(found.key)) {
      notifications.push(...withoutDmUnlessSlack(usage.requesterId, notificationsForLinkedUsage(usage.id, found.key, decision.next.closed)));
    }
  }

  if (options.files?.length) notifications.splice(1, 0, filesUpload(found.id, { version: decision.next.version }));
  const outcome = await cases.commitTransition({ caseId: found.id, expectedVersion: options.expectedVersion, next: decision.next, record: decision.record, clock, notifications, files: options.files });
  if (outcome === 'stale') return stale((await cases.findByKey(options.caseKey)) ?? found);
  deps.onCommitted?.();
  const due = { stepSince: clock.since, dueDate: clock.deadline?.date ?? null, overdueAt: clock.deadline?.overdueAt ?? null };
  const notAttached = [...new Set(plans.flatMap((p) => p.missing.map((m) => m.document)))];
  return { kind: 'applied', case: { ...found, ...decision.next, ...due, updatedAt: new Date() }, record: decision.record, notAttached };
}

/** Each mail's files: the library's current versions of its documents, within the limit. */
async function attachmentPlans(documents: ApplyActionDeps['documents'], lists: string[][]): Promise<AttachmentPlan[]> {
  const names = [...new Set(lists.flat())];
  // Without a library (a use case run on its own, as in the store tests) mails name their documents only.
  if (!documents || names.length === 0) return lists.map(() => ({ attachments: [], missing: [] }));
  const current = await documents.library.current(names);
  return lists.map((list) => planAttachments(list, current, documents.limitBytes));
}
