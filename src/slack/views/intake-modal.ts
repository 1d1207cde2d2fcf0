// The `mdoc_new` modals: the chooser of a bare `/mdoc new`, and each procedure's intake form. Both use
// the same callback_id; private_metadata names the procedure once it is known.
import type { ModalView } from '@slack/types';
import { formById } from '../../forms/declarations.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import { NEW_CASE_CALLBACK, type NewCaseMetadata } from '../ids.js';
import type { FormValues } from '../../forms/types.js';
import { formModal } from './form-modal.js';
import { procedureTitle } from './step-label.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';

/** `source`: the mail the case is opened from, whose values fill the form beforehand. */
export function intakeModal(procedure: ProcedureDecl, locale: Locale, source?: { inbound: number; values: FormValues }): ModalView {
  return formModal({
    form: formById(procedure.intakeForm),
    callbackId: NEW_CASE_CALLBACK,
    privateMetadata: JSON.stringify({ procedure: procedure.id, ...(source ? { inbound: source.inbound } : {}) } satisfies NewCaseMetadata),
    initialValues: source?.values,
    // The manual is a document of the seed: its name stays as it is.
    preface: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${procedureTitle(procedure, locale)}${messages(locale).common.aside(procedure.manual)}` }] }],
    locale,
  });
}

export function chooserModal(locale: Locale, inbound?: number): ModalView {
  return formModal({ form: formById('chooser'), callbackId: NEW_CASE_CALLBACK, privateMetadata: JSON.stringify(inbound ? { inbound } : {}), locale });
}
