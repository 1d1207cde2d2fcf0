import type { LocalText } from '../i18n/messages.js';
// Forms are declared as data: the Slack modal, the validation and the stored values all follow them.

export type FieldKind =
  | 'text'
  | 'multiline'
  | 'email'
  | 'phone'
  | 'corporate_number'
  | 'ip_list'
  | 'select'
  | 'radio'
  | 'checkbox'
  /** Slack's datetimepicker; stored as an ISO timestamp, and must lie in the future. */
  | 'datetime'
  /** Slack's datepicker; stored as YYYY-MM-DD. */
  | 'date'
  /** A case ID such as MDOC-0001; stored normalised. */
  | 'case_key'
  /** A number others look a case up by (a certificate number, in a public address): one word, half-width. */
  | 'reference'
  /** Not asked: the moment the form is submitted, stored as an ISO timestamp (when a certificate was revoked). */
  | 'timestamp';

export interface Choice {
  value: string;
  label: string;
}

export interface FieldDecl {
  /** The kind of case a case_key field must name (checked against the database). */
  refersTo?: 'usage' | 'certification';
  /** Also the Slack action_id of the input element, and the key under which the value is stored. */
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  maxLength?: number;
  choices?: Choice[];
  hint?: string;
  placeholder?: string;
  /** No two cases may hold the same value (checked against the store, and by a unique index). */
  unique?: boolean;
  /** Asked only by the desk in Slack, never on the applicant's own web form (it is about how the desk received it). */
  deskOnly?: boolean;
  /**
   * A question that applies only when another field of the form has this value (KRL only when 非対面). It is
   * required then if `required`; otherwise its answer is dropped, never recorded. The web form shows it only
   * then; the Slack modal, which cannot hide it, names the condition in its label.
   */
  askedIf?: AskedIf;
  /** The applicant's own mail address: mail from it counts as the applicant's (src/inbound/contacts.ts). */
  contact?: boolean;
}

/** The answer that makes a question apply; `label` says it as the modal's label does (非対面の場合). */
export interface AskedIf {
  field: string;
  equals: string;
  label: string;
}

export interface FormDecl {
  id: string;
  title: string;
  submit: string;
  fields: FieldDecl[];
  /** The field that becomes the transition's comment (a reason, findings) instead of a case field. */
  commentField?: string;
  /** How the comment is headed where it is shown (理由, 指摘事項). */
  commentLabel?: string;
  /** Rules across fields: return field name → message for each breach. */
  crossCheck?: (values: FormValues) => Record<string, LocalText>;
}

/** Normalised values: strings, or string lists for checkboxes and IP lists. */
export type FormValues = Record<string, string | string[] | undefined>;
