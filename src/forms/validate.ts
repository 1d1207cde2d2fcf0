// Checks a submitted form against its declaration. Pure: the Slack layer turns the errors into
// `response_action: "errors"`, keyed by block.
import { label, localText, type LocalText } from '../i18n/messages.js';
import * as check from './validators.js';
import { fail, type Checked } from './validators.js';
import type { FieldDecl, FormDecl, FormValues } from './types.js';

export interface ValidationContext {
  now: Date;
}

export type FormResult = { ok: true; values: FormValues } | { ok: false; errors: Record<string, LocalText> };

const DEFAULT_MAX = 3000;

function checkField(field: FieldDecl, raw: string | string[] | undefined, context: ValidationContext): Checked<string | string[] | undefined> {
  const choices = field.choices?.map((c) => c.value) ?? [];
  if (field.kind === 'checkbox') {
    const picked = Array.isArray(raw) ? raw : raw ? [raw] : [];
    if (picked.some((v) => !choices.includes(v))) return fail((m) => m.notAChoice);
    if (field.required && picked.length === 0) return fail((m) => m.pickOne);
    return { ok: true, value: picked };
  }
  // Never asked, whatever a submission claims: the moment it is taken.
  if (field.kind === 'timestamp') return { ok: true, value: context.now.toISOString() };
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return field.required ? { ok: false, message: missing(field) } : { ok: true, value: undefined };
  const max = field.maxLength ?? DEFAULT_MAX;
  switch (field.kind) {
    case 'select':
    case 'radio':
      return choices.includes(text) ? { ok: true, value: text } : fail((m) => m.pickFromChoices);
    case 'text':
      return check.singleLine(text, max);
    case 'multiline':
      return check.multiLine(text, max);
    case 'email':
      return lengthFirst(text, max, check.email);
    case 'phone':
      return lengthFirst(text, max, check.phone);
    case 'corporate_number':
      return lengthFirst(text, max, check.corporateNumber);
    case 'ip_list':
      return lengthFirst(text, max, check.ipList);
    case 'datetime':
      return check.futureDateTime(text, context.now);
    case 'date':
      return check.calendarDate(text);
    case 'case_key':
      return check.caseKey(text);
    case 'reference':
      return lengthFirst(text, max, check.reference);
  }
}

/** A missing answer: one is chosen from a list or a picker (選んでください), the others typed (入力してください). */
function missing(field: FieldDecl): LocalText {
  const chosen = CHOSEN.has(field.kind);
  return localText((m, locale) => (chosen ? m.validation.choose : m.validation.required)(label(locale, field.label)));
}

const CHOSEN = new Set<FieldDecl['kind']>(['select', 'radio', 'datetime', 'date']);

function lengthFirst<T>(text: string, max: number, validator: (raw: string) => Checked<T>): Checked<T> {
  if ([...text].length > max) return fail((m) => m.tooLong(max));
  return validator(text);
}

/**
 * Whether a question applies, by the checked answer it depends on. A question that does not apply is not
 * checked and its answer is dropped: whoever sends one anyway (a 対面 application's KRL answer, from an
 * older form or another program) is neither refused nor recorded.
 */
const applies = (field: FieldDecl, values: FormValues) => !field.askedIf || values[field.askedIf.field] === field.askedIf.equals;

export function validateForm(form: FormDecl, raw: FormValues, context: ValidationContext = { now: new Date() }): FormResult {
  const values: FormValues = {};
  const errors: Record<string, LocalText> = {};
  // The questions that depend on another answer come last, once that answer is checked.
  const ordered = [...form.fields.filter((f) => !f.askedIf), ...form.fields.filter((f) => f.askedIf)];
  for (const field of ordered) {
    if (!applies(field, values)) continue;
    const checked = checkField(field, raw[field.name], context);
    if (checked.ok) values[field.name] = checked.value;
    else errors[field.name] = checked.message;
  }
  if (Object.keys(errors).length === 0) Object.assign(errors, form.crossCheck?.(values) ?? {});
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}
