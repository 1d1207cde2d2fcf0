// What a person is told when their click or form changes nothing, and why, in their language.
import type { ApplyActionResult } from '../cases/apply-action.js';
import type { Locale } from '../i18n/locale.js';
import { label, messages } from '../i18n/messages.js';
import type { LinkedCase } from '../workflow/transition.js';
import { procedureById } from '../workflow/procedures/index.js';
import { recordedActionLabel, stepByCode } from '../workflow/steps.js';
import type { LaneHolders } from '../workflow/lanes.js';
import { mention, tokyoTime } from './views/mrkdwn.js';
import { lanesWho, stepLabel } from './views/step-label.js';

type NotApplied = Exclude<ApplyActionResult, { kind: 'applied' }>;

/** `holders`: who holds each lane, so that a refusal names the people who may act instead. */
export function refusalText(result: NotApplied, caseKey: string, locale: Locale, holders: LaneHolders): string {
  const m = messages(locale);
  const r = m.refusal;
  if (result.kind === 'not_found') return r.notFound(caseKey);
  const procedure = procedureById(result.case.procedure);
  const current = stepByCode(procedure, result.case.step);
  const now = r.currentStep(stepLabel(current, locale));
  if (result.kind === 'stale') {
    const t = result.doneBy;
    if (!t) return r.movedOn(caseKey, now);
    const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
    return r.alreadyDone(mention(t.actorId, locale), tokyoTime(t.createdAt), from && stepLabel(from, locale), label(locale, recordedActionLabel(procedure, t)), now);
  }
  const refusal = result.refusal;
  switch (refusal.reason) {
    case 'closed':
      return r.closed(caseKey);
    case 'forbidden':
      return r.forbidden(stepLabel(refusal.step, locale), lanesWho(refusal.lanes, holders, result.case.requesterId, locale));
    case 'unknown_action':
      return r.unknownAction(stepLabel(refusal.step, locale), now);
    case 'invalid_form':
      return r.invalidForm(Object.values(refusal.errors).map((e) => e[locale]).join(' '));
    case 'form_required':
      return r.formRequired;
    case 'four_eyes':
      return r.fourEyes(stepLabel(refusal.step, locale));
    case 'guarded':
      return guardText(refusal.linked, locale);
  }
}

/** Why a usage case cannot be approved yet at (4)-c: its verifier program is not certified. */
export function guardText(linked: LinkedCase | undefined, locale: Locale = 'ja'): string {
  const r = messages(locale).refusal;
  if (!linked) return r.notLinked;
  if (linked.revoked) return r.linkedRevoked(linked.key);
  return r.linkedNotObtained(linked.key, stepLabel(stepByCode(procedureById(linked.procedure), linked.step), locale));
}
