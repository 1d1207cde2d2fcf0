// What `/mdoc link` answers.
import type { ApplyActionResult } from '../cases/apply-action.js';
import type { Locale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type { LaneHolders } from '../workflow/lanes.js';
import { refusalText } from './refusal-text.js';

/** The usage procedure's case action that names its certification case. */
export const LINK_ACTION = 'link_certification';

export function linkResultText(result: ApplyActionResult, caseKey: string, locale: Locale, holders: LaneHolders): string {
  const m = messages(locale).link;
  if (result.kind === 'applied') return m.linked(caseKey, String(result.record.data.linked_certification));
  if (result.kind === 'refused' && result.refusal.reason === 'unknown_action') return m.notOwnVerifier(caseKey);
  if (result.kind === 'refused' && result.refusal.reason === 'invalid_form') return Object.values(result.refusal.errors).map((e) => e[locale]).join(' ');
  if (result.kind === 'refused' && result.refusal.reason === 'form_required') return m.needKey;
  return refusalText(result, caseKey, locale, holders);
}
