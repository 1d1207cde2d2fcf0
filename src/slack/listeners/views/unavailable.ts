import type { Locale } from '../../../i18n/locale.js';
import { messages } from '../../../i18n/messages.js';
import { firstInput } from '../../form-state.js';

/**
 * The acknowledgement when the database fails: the message sits on the form's first input, so the
 * modal stays open with everything that was typed.
 */
export function unavailableAck(state: unknown, locale: Locale) {
  const block = firstInput(state);
  return block ? { response_action: 'errors' as const, errors: { [block]: messages(locale).validation.unavailable } } : undefined;
}
