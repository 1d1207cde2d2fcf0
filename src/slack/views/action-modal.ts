// The modal an action opens before it is taken: its form's inputs, then one PDF input for each document
// the action issues to the case (named after the document). Opened from a card button or from the card's
// menu; its submission comes back as ACTION_FORM_CALLBACK to the same use case.
import type { ModalView } from '@slack/types';
import { formById } from '../../forms/declarations.js';
import type { FormDecl } from '../../forms/types.js';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';
import type { ActionDecl, StepDecl } from '../../workflow/types.js';
import { ACTION_FORM_CALLBACK, type ActionFormMetadata } from '../ids.js';
import { formModal, issuedFileInput } from './form-modal.js';
import { stepLabel } from './step-label.js';

export interface ActionModalInput {
  caseKey: string;
  /** The case version the modal is made for: a submission after someone else moved the case changes nothing. */
  version: number;
  /** Where the case stands, named at the top. */
  step: StepDecl;
  action: ActionDecl;
  /** The action's form, when it has one. */
  form?: string;
  /** The documents it issues, one file input each. */
  documents: readonly string[];
  /** The largest file taken, in MB (the mail's attachment limit, within Slack's own). */
  limitMb: number;
  locale: Locale;
}

export function actionModal({ caseKey, version, step, action, form, documents, limitMb, locale }: ActionModalInput): ModalView {
  const metadata: ActionFormMetadata = { case: caseKey, version, action: action.id };
  // Without a form of its own, the modal is titled and submitted with the action's own label.
  const declared: FormDecl = form ? formById(form) : { id: action.id, title: action.label, submit: action.label, fields: [] };
  return formModal({
    form: declared,
    callbackId: ACTION_FORM_CALLBACK,
    privateMetadata: JSON.stringify(metadata),
    preface: [{ type: 'section', text: { type: 'mrkdwn', text: `*${caseKey}* ${stepLabel(step, locale)}\n${messages(locale).common.quote(label(locale, action.label))}` } }],
    locale,
    after: documents.map((document) => issuedFileInput(document, limitMb, locale)),
  });
}
