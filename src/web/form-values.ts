// A posted body as the values of a declared form, the shape validateForm takes from a Slack modal too:
// one string per field, a list for checkboxes. Fields the form does not declare are ignored.
import type { FormDecl, FormValues } from '../forms/types.js';
import type { LocalText } from '../i18n/messages.js';
import type { FormBody } from './form-body.js';

export function formValues(form: FormDecl, body: FormBody, only: (name: string) => boolean = () => true): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    if (!only(field.name)) continue;
    const posted = body.fields[field.name];
    values[field.name] = field.kind === 'checkbox' ? (posted ?? []) : posted?.[0];
  }
  return values;
}

/** Form errors as the Japanese pages show them. */
export function japaneseErrors(errors: Record<string, LocalText>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([name, text]) => [name, text.ja]));
}
