// 「差出人を連絡先に追加」 on a mail shown as 申請者以外からのメール: its sender becomes one of the case's
// contacts, so that their next mail counts as the applicant's. Reviewers only, decided here at the
// click, failing closed. Recorded as a transition that stays at the step (docs/decisions.md, issue 15).
import { normalizeAddress, contactAddresses } from '../inbound/contacts.js';
import type { InboundRepository } from '../inbound/inbound-repository.js';
import type { Actor } from '../workflow/authorize.js';
import { procedureById } from '../workflow/procedures/index.js';
import { reminderDeadline, stepClock } from '../workflow/deadlines.js';
import { stepByCode } from '../workflow/steps.js';
import type { CaseRepository } from './case-repository.js';
import type { ContactRepository } from './contact-repository.js';
import { notificationsForTransition, withoutDmUnlessSlack } from './notifications.js';

export type AddContactResult =
  | { kind: 'added'; caseKey: string; address: string }
  /** A contact already: added by someone (a double click, two reviewers), or given by the forms (addedBy null). */
  | { kind: 'already'; caseKey: string; address: string; addedBy: string | null }
  | { kind: 'closed'; caseKey: string }
  | { kind: 'forbidden' }
  /** The message is gone, has no case, or has no sender to add. */
  | { kind: 'not_applicable' };

export interface AddContactDeps {
  inbound: Pick<InboundRepository, 'find'>;
  cases: Pick<CaseRepository, 'findById'>;
  contacts: Pick<ContactRepository, 'addedTo' | 'add' | 'already'>;
  onCommitted?: () => void;
  now?: () => Date;
}

export async function addSenderContact(deps: AddContactDeps, options: { inboundId: number; actor: Actor }): Promise<AddContactResult> {
  if (!options.actor.roles.has('reviewer')) return { kind: 'forbidden' };
  const row = await deps.inbound.find(options.inboundId);
  const address = row?.detail.from ? normalizeAddress(row.detail.from.address) : undefined;
  const c = row?.caseId != null ? await deps.cases.findById(row.caseId) : undefined;
  if (!row || !address || !c) return { kind: 'not_applicable' };
  if (c.closed) return { kind: 'closed', caseKey: c.key };
  if (contactAddresses(c.fields, await deps.contacts.addedTo(c.id)).includes(address)) {
    const known = await deps.contacts.already(c.id, address);
    return { kind: 'already', caseKey: c.key, address, addedBy: known.kind === 'already' ? known.addedBy : null };
  }
  const procedure = procedureById(c.procedure);
  const now = deps.now?.() ?? new Date();
  const clock = stepClock(stepByCode(procedure, c.step), now, c);
  const added = await deps.contacts.add({
    caseId: c.id,
    address,
    addedBy: options.actor.userId,
    inboundId: row.id,
    // Like any transition that stays at its step: the thread and the DM are told, the card's buttons
    // carry the new version, and the step's overdue reminder is scheduled again for the same deadline.
    notifications: (version) =>
      withoutDmUnlessSlack(c.requesterId, notificationsForTransition({ caseId: c.id, version, step: c.step, fields: c.fields, mails: [], recipients: { applicant: '' }, deadline: reminderDeadline(clock, now) })),
  });
  if (added.kind === 'closed') return { kind: 'closed', caseKey: c.key };
  if (added.kind === 'already') return { kind: 'already', caseKey: c.key, address, addedBy: added.addedBy };
  deps.onCommitted?.();
  return { kind: 'added', caseKey: c.key, address };
}
