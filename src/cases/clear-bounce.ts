// The button under 「メールが届きませんでした」: a reviewer clears the card's 「メール不達」 for the address
// that mail went to (the applicant gave a new address by phone, or the problem was fixed on their side).
// Reviewers only, decided here at the click; a second click finds it cleared already.
import type { InboundRepository } from '../inbound/inbound-repository.js';
import type { Actor } from '../workflow/authorize.js';
import type { CaseRepository } from './case-repository.js';
import { notificationsForClearedMark } from './notifications.js';
import type { UndeliveredMarks } from './undelivered-marks.js';

export type ClearBounceResult = { kind: 'cleared'; caseKey: string; address: string } | { kind: 'already'; caseKey: string; address: string } | { kind: 'forbidden' } | { kind: 'not_applicable' };

export interface ClearBounceDeps {
  inbound: Pick<InboundRepository, 'find'>;
  cases: Pick<CaseRepository, 'findById'>;
  marks: Pick<UndeliveredMarks, 'clear'>;
  onCommitted?: () => void;
}

export async function clearBounceMark(deps: ClearBounceDeps, options: { inboundId: number; actor: Actor }): Promise<ClearBounceResult> {
  if (!options.actor.roles.has('reviewer')) return { kind: 'forbidden' };
  const row = await deps.inbound.find(options.inboundId);
  const address = row?.outcome === 'bounce' ? row.detail.bounce?.to : undefined;
  const c = row?.caseId != null ? await deps.cases.findById(row.caseId) : undefined;
  if (!address || !c) return { kind: 'not_applicable' };
  if (!(await deps.marks.clear(c.id, address, notificationsForClearedMark(c, address, options.actor.userId)))) return { kind: 'already', caseKey: c.key, address };
  deps.onCommitted?.();
  return { kind: 'cleared', caseKey: c.key, address };
}
