// A modal built from a form declaration. Each input's block_id and action_id is the field name, so
// validation errors map straight back onto the field that caused them.
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { FieldDecl, FormDecl } from '../../forms/types.js';

const option = (c: { value: string; label: string }): PlainTextOption => ({ text: { type: 'plain_text', text: c.label }, value: c.value });

function element(field: FieldDecl): InputBlock['element'] {
  const options = (field.choices ?? []).map(option);
  const placeholder = field.placeholder ? { placeholder: { type: 'plain_text' as const, text: field.placeholder } } : {};
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

export function fieldInput(field: FieldDecl): InputBlock {
  return {
    type: 'input',
    block_id: field.name,
    optional: !field.required,
    label: { type: 'plain_text', text: field.label },
    element: element(field),
    ...(field.hint ? { hint: { type: 'plain_text', text: field.hint } } : {}),
  };
}

export interface FormModalInput {
  form: FormDecl;
  callbackId: string;
  privateMetadata: string;
  /** Blocks above the inputs (which case, which step). */
  preface?: KnownBlock[];
}

export function formModal({ form, callbackId, privateMetadata, preface = [] }: FormModalInput): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: form.title },
    submit: { type: 'plain_text', text: form.submit },
    close: { type: 'plain_text', text: 'キャンセル' },
    blocks: [...preface, ...form.fields.map(fieldInput)],
  };
}

/** A modal with only a message (a refusal after submit, where the form can no longer apply). */
export function messageModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: '閉じる' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
