// What the desk may issue to a case as its own document (a 承諾書, a 認定書, a test result): one PDF,
// judged by its content, within the size one mail may carry. Checked twice: on what Slack says of the
// file before it is fetched (so that an obvious mistake is refused at once), then on its bytes.
import { checkAttachment, CONTENT_TYPES } from '../inbound/attachment-safety.js';
import { localText, type LocalText } from '../i18n/messages.js';

/** Slack's own limit for a file_input (docs.slack.dev, File input element). */
export const SLACK_FILE_INPUT_BYTES = 10 * 1024 * 1024;

export const PDF_CONTENT_TYPE = CONTENT_TYPES.pdf!;

/** The limit as people read it: 20, or 0.01 for a test's tiny limit. */
export const megabytes = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 100) / 100;

/** What Slack tells of an uploaded file in the view's state; none of it is trusted, only used to refuse early. */
export interface SlackFileFacts {
  name?: string | null;
  mimetype?: string | null;
  filetype?: string | null;
  size?: number | null;
}

export type FileRefusal = { ok: false; message: LocalText };

/** A refusal from what Slack says of the file, before any byte is fetched; undefined when it may be a PDF. */
export function refuseByFacts(facts: SlackFileFacts, limitBytes: number): FileRefusal | undefined {
  if (typeof facts.size === 'number' && facts.size > limitBytes) return { ok: false, message: localText((m) => m.issued.tooLarge(megabytes(limitBytes))) };
  const saysPdf = facts.filetype === 'pdf' || facts.mimetype === PDF_CONTENT_TYPE;
  const saysOther = (facts.filetype && facts.filetype !== 'pdf') || (facts.mimetype && facts.mimetype !== PDF_CONTENT_TYPE && facts.mimetype !== 'application/octet-stream');
  if (!saysPdf && saysOther) return { ok: false, message: localText((m) => m.issued.notPdf) };
  return undefined;
}

/** The bytes themselves: a PDF, nothing runnable inside or disguised, not empty, within the limit. */
export async function checkIssuedContent(fileName: string, content: Buffer, limitBytes: number): Promise<{ ok: true } | FileRefusal> {
  if (content.length === 0) return { ok: false, message: localText((m) => m.issued.empty) };
  if (content.length > limitBytes) return { ok: false, message: localText((m) => m.issued.tooLarge(megabytes(limitBytes))) };
  const safety = await checkAttachment(fileName, content);
  if (!safety.ok) return { ok: false, message: localText((m) => m.issued.refused(safety.reason)) };
  if (safety.kind !== 'pdf') return { ok: false, message: localText((m) => m.issued.notPdf) };
  return { ok: true };
}
