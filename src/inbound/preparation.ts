// The pre-service-start preparation application (搭載サービス開始前におけるカード代替電磁的記録利用準備の申請)
// arrives as a free-form mail, not through the intake form. This recognises it and reads the intake
// fields out of the layouts people write them in, then checks each value with the form's own
// validator, so a value read from a mail is held to exactly what the modal would accept.
import { INTAKE_FIELDS } from '../forms/declarations.js';
import type { FieldDecl, FormValues } from '../forms/types.js';
import { validateForm } from '../forms/validate.js';
import type { LocalText } from '../i18n/messages.js';

export const PREPARATION_PHRASE = '搭載サービス開始前におけるカード代替電磁的記録利用準備を申請します';

export interface ParsedPreparation {
  /** Normalised valid values, by form field name. */
  values: FormValues;
  /** Why each value that was found is not valid, as validateForm words it. */
  errors: Record<string, LocalText>;
  /** Fields not found in the mail at all. */
  missing: string[];
}

/** Mailers wrap lines and people type spaces and half-width kana; none of that changes the request. */
const squeeze = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

export function isPreparationApplication(text: string): boolean {
  return squeeze(text).includes(squeeze(PREPARATION_PHRASE));
}

/** Labels as people write them (after NFKC, without spaces, lower case) → form field name. */
const LABELS = new Map<string, string>([
  ['事業者名・団体名', 'org_name'],
  ['事業者・団体名', 'org_name'],
  ['事業者名', 'org_name'],
  ['団体名', 'org_name'],
  ['法人番号', 'corporate_number'],
  ['部署名', 'department'],
  ['担当者名', 'contact_name'],
  ['電話番号', 'phone'],
  ['メールアドレス', 'email'],
  ['e-mail', 'email'],
  ['email', 'email'],
  ['メール', 'email'],
]);

const FIELDS: FieldDecl[] = INTAKE_FIELDS.filter((field) => [...LABELS.values()].includes(field.name));

/** `label：value` or `label: value`, after an optional bullet. */
const COLON_LINE = /^\s*(?:[・･\-－‐*＊•●○■□◆◇]\s*)?([^:：【】]{1,40}?)\s*[:：]\s*(.*)$/;
/** `【label】` with the value after it or on the next non-empty line. */
const HEADING_LINE = /^\s*【\s*([^】]{1,40}?)\s*】\s*(.*)$/;
/** What separates several labels on one line, and their values the same way (NFKC turns ／ into /). */
const LABEL_SEPARATOR = /[/・]/;
const VALUE_SEPARATORS: Record<string, RegExp> = { '/': /\s*[/／]\s*/, '・': /\s*[・･]\s*/ };

export function parsePreparation(text: string): ParsedPreparation {
  const found = readFields(text.replace(/\r\n?/g, '\n').split('\n'));
  const result: ParsedPreparation = { values: {}, errors: {}, missing: [] };
  for (const field of FIELDS) {
    const raw = found.get(field.name);
    if (raw === undefined) {
      result.missing.push(field.name);
      continue;
    }
    const checked = validateForm({ id: 'preparation', title: '', submit: '', fields: [field] }, { [field.name]: raw });
    if (checked.ok) result.values[field.name] = checked.values[field.name];
    else result.errors[field.name] = checked.errors[field.name]!;
  }
  return result;
}

/** The raw value of each field, the first one written wherever a field appears twice. */
function readFields(lines: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const labelled = labelledLine(lines[i]!);
    if (!labelled) continue;
    let value = labelled.value.trim();
    if (value === '') {
      const next = nextNonBlank(lines, i);
      if (next === undefined || labelledLine(lines[next]!)) continue;
      value = lines[next]!.trim();
      i = next;
    }
    const values = labelled.fields.length === 1 ? [value] : value.split(VALUE_SEPARATORS[labelled.separator]!);
    // Values that do not line up with their labels cannot be told apart: those fields stay missing.
    if (values.length !== labelled.fields.length) continue;
    labelled.fields.forEach((field, n) => {
      const v = values[n]!.trim();
      if (v !== '' && !found.has(field)) found.set(field, v);
    });
  }
  return found;
}

interface LabelledLine {
  fields: string[];
  separator: string;
  value: string;
}

function labelledLine(line: string): LabelledLine | undefined {
  const match = HEADING_LINE.exec(line) ?? COLON_LINE.exec(line);
  if (!match) return undefined;
  const label = match[1]!.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const value = match[2] ?? '';
  const single = LABELS.get(label);
  if (single) return { fields: [single], separator: '', value };
  // 「部署名／担当者名／電話番号」: several labels, their values separated the same way.
  const separator = LABEL_SEPARATOR.exec(label)?.[0];
  if (!separator) return undefined;
  const fields = label.split(separator).map((part) => LABELS.get(part));
  if (fields.some((f) => f === undefined)) return undefined;
  const distinct = [...new Set(fields as string[])];
  if (distinct.length === 1) return { fields: distinct, separator: '', value };
  return distinct.length === fields.length ? { fields: distinct, separator, value } : undefined;
}

function nextNonBlank(lines: string[], index: number): number | undefined {
  for (let i = index + 1; i < lines.length; i++) if (lines[i]!.trim() !== '') return i;
  return undefined;
}
