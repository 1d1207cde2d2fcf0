// The modal behind 「案件に紐付け」: which case the mail belongs to.
import type { ModalView } from '@slack/types';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';
import { INBOUND_LINK_CALLBACK } from '../ids.js';

/** The input's block and action ID. */
export const LINK_CASE_INPUT = 'case_key';

export function inboundLinkModal(inbound: number, locale: Locale): ModalView {
  const m = messages(locale);
  return {
    type: 'modal',
    callback_id: INBOUND_LINK_CALLBACK,
    private_metadata: JSON.stringify({ inbound }),
    title: { type: 'plain_text', text: m.inbound.linkTitle },
    submit: { type: 'plain_text', text: m.inbound.linkSubmit },
    close: { type: 'plain_text', text: m.common.cancel },
    blocks: [
      {
        type: 'input',
        block_id: LINK_CASE_INPUT,
        label: { type: 'plain_text', text: m.inbound.caseLabel },
        element: { type: 'plain_text_input', action_id: LINK_CASE_INPUT, max_length: 20, placeholder: { type: 'plain_text', text: 'MDOC-0001' } },
      },
    ],
  };
}
