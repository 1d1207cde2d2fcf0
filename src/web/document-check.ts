// What the case page accepts as a submitted document: PDF, Word or Excel, judged by the content (the
// same check as mail attachments), never by the name the browser gives. The content type stored and
// sent on is the one the content shows.
import { CONTENT_TYPES, checkAttachment, type FileKind } from '../inbound/attachment-safety.js';

const ACCEPTED: ReadonlySet<FileKind> = new Set<FileKind>(['pdf', 'docx', 'xlsx', 'doc', 'xls']);

export type DocumentCheck = { ok: true; kind: FileKind; contentType: string } | { ok: false; message: string };

export async function checkDocument(fileName: string, content: Buffer): Promise<DocumentCheck> {
  if (content.length === 0) return { ok: false, message: 'ファイルが空です。内容のあるファイルを選んでください。' };
  const safety = await checkAttachment(fileName, content);
  if (!safety.ok) return { ok: false, message: `このファイルは受け付けられません（${safety.reason}）。PDF、Word、Excel のファイルを選んでください。` };
  if (!ACCEPTED.has(safety.kind)) return { ok: false, message: 'PDF、Word、Excel のファイルを選んでください（ファイルの内容から判定しています）。' };
  return { ok: true, kind: safety.kind, contentType: CONTENT_TYPES[safety.kind]! };
}
