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

export const newCaseMetadataSchema = z.object({ procedure: z.string().max(40).optional() });

export const actionFormMetadataSchema = z.object({
  case: z.string().regex(/^MDOC-\d{4,}$/),
  version: z.number().int().positive(),
  action: z.string().max(60),
});
export type ActionFormMetadata = z.infer<typeof actionFormMetadataSchema>;

/** JSON from a button value or private_metadata; undefined when it is not JSON (then zod refuses it). */
export function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
