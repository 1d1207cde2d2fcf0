// A button was clicked (or its form submitted): decide with the workflow, then claim the case's version
// and write the transition with its notifications in one transaction.
import { formById } from '../forms/declarations.js';
import type { FormValues } from '../forms/types.js';
import type { Actor } from '../workflow/authorize.js';
import { procedureById } from '../workflow/procedures/index.js';
import { CERTIFICATE_FIELDS } from '../workflow/procedures/certification.js';
import { reminderDeadline, stepClock } from '../workflow/deadlines.js';
import { documentsToIssue, mailDocuments, stepByCode } from '../workflow/steps.js';
import { planAttachments, type AttachmentPlan, type IssuedAttachment } from '../documents/attachment-plan.js';
import { sha256Of, type DocumentLibrary, type DocumentVersion } from '../documents/document-library.js';
import { PDF_CONTENT_TYPE } from '../documents/issued-file.js';
import { localText, type LocalText } from '../i18n/messages.js';
import type { MailDecl } from '../workflow/types.js';
import type { IncomingFile } from './case-files.js';
import { issuedFileName, type IssuedFiles } from './issued-files.js';
import { transition, type LinkedCase, type Refused, type TransitionRecord } from '../workflow/transition.js';
import type { CaseRecord, TransitionRow } from './case.js';
import type { CaseRepository } from './case-repository.js';
import { filesUpload, notificationsForLinkedUsage, notificationsForTransition, withoutDmUnlessSlack, type NotificationDraft } from './notifications.js';
import { checkReferences, type HolderOf } from './references.js';

export interface ApplyActionOptions {
  caseKey: string;
  /** The case version the button or form was made for. */
  expectedVersion: number;
  actionId: string;
  actor: Actor;
  form?: FormValues;
  /**
   * Files the step brings, stored with the transition and uploaded into the thread: an applicant's upload,
   * or the checked PDF of each document the action issues (its `document` names it).
   */
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
  /** What was issued to the case before: a new round (a retest, a send-back) must bring a new file. */
  issued?: Pick<IssuedFiles, 'previous'>;
  /** Which other case holds a value of a unique field (a certificate number). */
  holderOf?: HolderOf;
  onCommitted?: () => void;
  now?: () => Date;
  selfApprovalAllowed?: boolean;
}

/** The certification case a usage case names, as the (4)-c gate and the card need it. */
export async function linkedCaseOf(cases: Pick<CaseRepository, 'findByKey'>, c: CaseRecord): Promise<LinkedCase | undefined> {
  const key = c.fields.linked_certification;
  const linked = typeof key === 'string' ? await cases.findByKey(key) : undefined;
  return linked && { key: linked.key, procedure: linked.procedure, step: linked.step, closed: linked.closed, revoked: Boolean(linked.fields[CERTIFICATE_FIELDS.revokedAt]) };
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
    documents: new Set((options.files ?? []).flatMap((f) => (f.document ? [f.document] : []))),
    linked: await linkedCaseOf(cases, found),
    now: deps.now?.(),
    selfApprovalAllowed: deps.selfApprovalAllowed,
  });
  if (!decision.ok) return { kind: 'refused', case: found, refusal: decision };

  const toIssue = documentsToIssue(decision.action, found.fields);
  const referenceErrors = {
    ...(decision.form ? await checkReferences(cases, formById(decision.form), decision.record.data, deps.holderOf && { holderOf: deps.holderOf, caseId: found.id }) : {}),
    ...(await sameAsBefore(deps.issued, found.id, (options.files ?? []).filter((f) => f.document && toIssue.includes(f.document)))),
  };
  if (Object.keys(referenceErrors).length) {
    return { kind: 'refused', case: found, refusal: { ok: false, reason: 'invalid_form', step: stepByCode(procedure, found.step), errors: referenceErrors } };
  }

  const now = deps.now?.() ?? new Date();
  const clock = stepClock(stepByCode(procedure, decision.next.step), now, found);
  const remindAt = reminderDeadline(clock, now);
  const plans = await attachmentPlans(deps.documents, decision.mails, decision.next.fields, issuedAttachments(options.files ?? [], toIssue));
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
      // Told of completion once, when this transition completes it (not when a revocation stays at (5)).
      notifications.push(...withoutDmUnlessSlack(usage.requesterId, notificationsForLinkedUsage(usage.id, found.key, decision.next.closed && !found.closed)));
    }
  }

  if (options.files?.length) notifications.splice(1, 0, filesUpload(found.id, { version: decision.next.version, ...(toIssue.length ? { issued: true } : {}) }));
  const outcome = await cases.commitTransition({ caseId: found.id, expectedVersion: options.expectedVersion, next: decision.next, record: decision.record, clock, notifications, files: options.files });
  if (outcome === 'stale') return stale((await cases.findByKey(options.caseKey)) ?? found);
  deps.onCommitted?.();
  const due = { stepSince: clock.since, dueDate: clock.deadline?.date ?? null, overdueAt: clock.deadline?.overdueAt ?? null };
  const notAttached = [...new Set(plans.flatMap((p) => p.missing.map((m) => m.document)))];
  return { kind: 'applied', case: { ...found, ...decision.next, ...due, updatedAt: new Date() }, record: decision.record, notAttached };
}

/** The checked file of each document the action issues, as its mails will carry it. */
function issuedAttachments(files: readonly IncomingFile[], toIssue: readonly string[]): Map<string, IssuedAttachment> {
  return new Map(
    files.flatMap((f) =>
      f.document && toIssue.includes(f.document)
        ? [[f.document, { fileName: issuedFileName(f.document), contentType: PDF_CONTENT_TYPE, size: f.content.length, sha256: sha256Of(f.content) }] as const]
        : [],
    ),
  );
}

/** A document issued again (after a send-back or a failed test) must be a new file, not the one sent before. */
async function sameAsBefore(issued: ApplyActionDeps['issued'], caseId: number, files: readonly IncomingFile[]): Promise<Record<string, LocalText>> {
  if (!issued || files.length === 0) return {};
  const before = await issued.previous(caseId, files.map((f) => f.document!));
  const errors: Record<string, LocalText> = {};
  for (const f of files) {
    const earlier = before.get(f.document!);
    if (earlier?.sha256 === sha256Of(f.content)) errors[f.document!] = localText((m) => m.validation.issuedSameAsBefore(f.document!, earlier.version));
  }
  return errors;
}

/**
 * Each mail's files: the case's own file of each document it issues, and the library's current versions
 * of the others, within the limit.
 */
async function attachmentPlans(documents: ApplyActionDeps['documents'], mails: MailDecl[], fields: Record<string, unknown>, issued: Map<string, IssuedAttachment>): Promise<AttachmentPlan[]> {
  const fromLibrary = [...new Set(mails.flatMap((mail) => mailDocuments(mail, fields)).filter((d) => !issued.has(d)))];
  const current = documents && fromLibrary.length ? await documents.library.current(fromLibrary) : new Map<string, DocumentVersion>();
  return mails.map((mail) => {
    const listed = mailDocuments(mail, fields);
    // Without a library (a use case run on its own, as in the store tests) a mail names the library's documents only.
    return planAttachments(documents ? listed : listed.filter((d) => issued.has(d)), current, documents?.limitBytes ?? Number.POSITIVE_INFINITY, issued);
  });
}
