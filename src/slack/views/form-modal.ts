// A modal built from a form declaration. Each input's block_id and action_id is the field name, so
// validation errors map straight back onto the field that caused them.
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { FieldDecl, FormDecl } from '../../forms/types.js';
import type { Locale } from '../../i18n/locale.js';
import { label, messages } from '../../i18n/messages.js';

function element(field: FieldDecl, locale: Locale): InputBlock['element'] {
  const option = (c: { value: string; label: string }): PlainTextOption => ({ text: { type: 'plain_text', text: label(locale, c.label) }, value: c.value });
  const options = (field.choices ?? []).map(option);
  const placeholder = field.placeholder ? { placeholder: { type: 'plain_text' as const, text: label(locale, field.placeholder) } } : {};
  switch (field.kind) {
    case 'select':
      return { type: 'static_select', action_id: field.name, options, ...placeholder };
    case 'radio':
      return { type: 'radio_buttons', action_id: field.name, options };
    case 'checkbox':
      return { type: 'checkboxes', action_id: field.name, options };
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
      };
  }
}

export function fieldInput(field: FieldDecl, locale: Locale): InputBlock {
  return {
    type: 'input',
    block_id: field.name,
    optional: !field.required,
    label: { type: 'plain_text', text: label(locale, field.label) },
    element: element(field, locale),
    ...(field.hint ? { hint: { type: 'plain_text', text: label(locale, field.hint) } } : {}),
  };
}

export interface FormModalInput {
  form: FormDecl;
  callbackId: string;
  privateMetadata: string;
  /** Blocks above the inputs (which case, which step). */
  preface?: KnownBlock[];
  locale: Locale;
}

export function formModal({ form, callbackId, privateMetadata, preface = [], locale }: FormModalInput): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: label(locale, form.title) },
    submit: { type: 'plain_text', text: label(locale, form.submit) },
    close: { type: 'plain_text', text: messages(locale).common.cancel },
    blocks: [...preface, ...form.fields.map((f) => fieldInput(f, locale))],
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
