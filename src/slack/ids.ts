// Every callback_id and action_id the bot owns, in one place. `mdoc_new` and the field names are an
// interface other programs rely on (issue #2); keep them stable.
import { z } from 'zod';

export const COMMAND = '/mdoc';
export const NEW_CASE_CALLBACK = 'mdoc_new';
export const ACTION_FORM_CALLBACK = 'mdoc_action_form';
/** Buttons on a case card: `mdoc_action:<action id>`. */
export const CASE_ACTION_PREFIX = 'mdoc_action:';
export const CASE_ACTION_PATTERN = /^mdoc_action:/;

/** The button on a Home row: opens the case's status in a modal. Its value is the case ID. */
export const OPEN_STATUS_ACTION = 'mdoc_open_status';

/** The overflow menu of a case card. Its one option, `revoke_link:<case ID>`, revokes the applicant's link. */
export const CASE_MENU_ACTION = 'mdoc_case_menu';
export const REVOKE_LINK_OPTION = 'revoke_link';

/** The page buttons of `/mdoc list` and `/mdoc search`: `mdoc_list_page:<page>`. */
export const LIST_PAGE_ACTION = 'mdoc_list_page';

export const listPageValueSchema = z.object({
  words: z.array(z.string().max(200)).max(20),
  search: z.boolean(),
  page: z.number().int().min(0).max(100_000),
});
export type ListPageValue = z.infer<typeof listPageValueSchema>;

/** What every case button carries, so that a click can be judged without the message it came from. */
export const buttonValueSchema = z.object({
  case: z.string().regex(/^MDOC-\d{4,}$/),
  step: z.string().max(40),
  version: z.number().int().positive(),
});
export type ButtonValue = z.infer<typeof buttonValueSchema>;

/** `inbound`: the mail the case is opened from (its triage post's button), which opens no second case. */
export const newCaseMetadataSchema = z.object({ procedure: z.string().max(40).optional(), inbound: z.number().int().positive().optional() });
export type NewCaseMetadata = z.infer<typeof newCaseMetadataSchema>;

export const actionFormMetadataSchema = z.object({
  case: z.string().regex(/^MDOC-\d{4,}$/),
  version: z.number().int().positive(),
  action: z.string().max(60),
});
export type ActionFormMetadata = z.infer<typeof actionFormMetadataSchema>;

/** The buttons on a triage post (「未分類のメール」, 「利用準備の申請（メール）」): link to a case, or open one. */
export const INBOUND_LINK_ACTION = 'mdoc_inbound_link';
export const INBOUND_NEW_ACTION = 'mdoc_inbound_new';
/** The modal that asks which case a mail belongs to. */
export const INBOUND_LINK_CALLBACK = 'mdoc_inbound_link';

/** On 申請者以外からのメール: 「差出人を連絡先に追加」 (issue 15). Its value is an InboundButtonValue. */
export const INBOUND_ADD_CONTACT_ACTION = 'mdoc_inbound_add_contact';
/** On 「メールが届きませんでした」: clears the card's 「メール不達」 for that address. Its value is an InboundButtonValue. */
export const BOUNCE_CLEAR_ACTION = 'mdoc_bounce_clear';

export const inboundButtonValueSchema = z.object({ inbound: z.number().int().positive() });
export type InboundButtonValue = z.infer<typeof inboundButtonValueSchema>;

/** `/mdoc docs`: a document's button opens the modal that loads its file. */
export const DOCUMENT_UPLOAD_ACTION = 'mdoc_docs_upload';
export const DOCUMENT_UPLOAD_CALLBACK = 'mdoc_docs_upload';
/** The file_input's block and action ID in that modal. */
export const DOCUMENT_FILE_INPUT = 'document_file';

/** JSON from a button value or private_metadata; undefined when it is not JSON (then zod refuses it). */
export function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
