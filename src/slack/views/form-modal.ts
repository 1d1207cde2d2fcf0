// A modal built from a form declaration. Each input's block_id and action_id is the field name, so
// validation errors map straight back onto the field that caused them.
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { questionLabel } from '../../forms/declarations.js';
import type { FieldDecl, FormDecl, FormValues } from '../../forms/types.js';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';

/** A value given beforehand (a form prefilled from a mail), as Slack's initial_* properties. */
function element(field: FieldDecl, locale: Locale, initial: FormValues[string]): InputBlock['element'] {
  const option = (c: { value: string; label: string }): PlainTextOption => ({ text: { type: 'plain_text', text: label(locale, c.label) }, value: c.value });
  const options = (field.choices ?? []).map(option);
  const placeholder = field.placeholder ? { placeholder: { type: 'plain_text' as const, text: label(locale, field.placeholder) } } : {};
  const picked = (Array.isArray(initial) ? initial : initial ? [initial] : []).map((v) => options.find((o) => o.value === v)).filter((o) => o !== undefined);
  const initialOption = picked[0] ? { initial_option: picked[0] } : {};
  switch (field.kind) {
    case 'select':
      return { type: 'static_select', action_id: field.name, options, ...placeholder, ...initialOption };
    case 'radio':
      return { type: 'radio_buttons', action_id: field.name, options, ...initialOption };
    case 'checkbox':
      return { type: 'checkboxes', action_id: field.name, options, ...(picked.length ? { initial_options: picked } : {}) };
    case 'datetime':
      return { type: 'datetimepicker', action_id: field.name };
    case 'date':
      return { type: 'datepicker', action_id: field.name };
    default:
      return {
        type: 'plain_text_input',
        action_id: field.name,
        multiline: field.kind === 'multiline' || field.kind === 'ip_list',
        ...(field.maxLength ? { max_length: field.maxLength } : {}),
        ...placeholder,
        ...(typeof initial === 'string' && initial ? { initial_value: field.maxLength ? [...initial].slice(0, field.maxLength).join('') : initial } : {}),
      };
  }
}

export function fieldInput(field: FieldDecl, locale: Locale, initial?: FormValues[string]): InputBlock {
  return {
    type: 'input',
    block_id: field.name,
    // A modal cannot hide a question until another is answered: its label says when it applies, and
    // the validator, which knows whether it does, checks that it is answered.
    optional: !field.required || Boolean(field.askedIf),
    label: { type: 'plain_text', text: questionLabel(field, locale) },
    element: element(field, locale, initial),
    ...(field.hint ? { hint: { type: 'plain_text', text: label(locale, field.hint) } } : {}),
  };
}

/** The input of a document issued to the case: one PDF, named after the document (block and action ID alike). */
export function issuedFileInput(document: string, limitMb: number, locale: Locale): InputBlock {
  return {
    type: 'input',
    block_id: document,
    label: { type: 'plain_text', text: document },
    hint: { type: 'plain_text', text: messages(locale).issued.fileHint(limitMb) },
    element: { type: 'file_input', action_id: document, max_files: 1, filetypes: ['pdf'] },
  };
}

export interface FormModalInput {
  form: FormDecl;
  callbackId: string;
  privateMetadata: string;
  /** Blocks above the inputs (which case, which step). */
  preface?: KnownBlock[];
  locale: Locale;
  /** Values filled in beforehand (a form opened from a mail). */
  initialValues?: FormValues;
  /** Inputs below the form's own (the files of the documents an action issues). */
  after?: InputBlock[];
}

export function formModal({ form, callbackId, privateMetadata, preface = [], locale, initialValues = {}, after = [] }: FormModalInput): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: label(locale, form.title) },
    submit: { type: 'plain_text', text: label(locale, form.submit) },
    close: { type: 'plain_text', text: messages(locale).common.cancel },
    // A timestamp is never asked: it is the moment the form is taken.
    blocks: [...preface, ...form.fields.filter((f) => f.kind !== 'timestamp').map((f) => fieldInput(f, locale, initialValues[f.name])), ...after],
  };
}

/** A modal with only a message (a refusal after submit, where the form can no longer apply). */
export function messageModal(title: string, text: string, locale: Locale = 'ja'): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: messages(locale).common.close },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
