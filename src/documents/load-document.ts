// Loading a file into a document's slot, from the folder or from Slack: checked by its content first
// (no executables, no macros, an extension that tells the truth), then appended as a version.
import { checkAttachment, contentTypeFor } from '../inbound/attachment-safety.js';
import type { DocumentLibrary, DocumentVersion } from './document-library.js';

export type LoadResult = { ok: true; version: DocumentVersion; changed: boolean } | { ok: false; reason: string };

export async function loadDocumentFile(
  library: Pick<DocumentLibrary, 'load'>,
  file: { document: string; fileName: string; content: Buffer; loadedBy: string },
): Promise<LoadResult> {
  const safety = await checkAttachment(file.fileName, file.content);
  if (!safety.ok) return { ok: false, reason: safety.reason };
  const { version, changed } = await library.load({ ...file, contentType: contentTypeFor(file.fileName) });
  return { ok: true, version, changed };
}
