// The `mdoc_new` modals: the chooser of a bare `/mdoc new`, and each procedure's intake form. Both use
// the same callback_id; private_metadata names the procedure once it is known.
import type { ModalView } from '@slack/types';
import { formById } from '../../forms/declarations.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import { NEW_CASE_CALLBACK } from '../ids.js';
import { formModal } from './form-modal.js';
import { procedureTitle } from './step-label.js';
import type { Locale } from '../../i18n/locale.js';

export function intakeModal(procedure: ProcedureDecl, locale: Locale): ModalView {
  return formModal({
    form: formById(procedure.intakeForm),
    callbackId: NEW_CASE_CALLBACK,
    privateMetadata: JSON.stringify({ procedure: procedure.id }),
    // The manual is a document of the seed: its name stays as it is.
    preface: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${procedureTitle(procedure, locale)}（${procedure.manual}）` }] }],
    locale,
  });
}

export function chooserModal(locale: Locale): ModalView {
  return formModal({ form: formById('chooser'), callbackId: NEW_CASE_CALLBACK, privateMetadata: '{}', locale });
}
