// Which files a mail carries: the current file of each document it lists, within the size limit. Pure:
// decided when the transition is committed, so that the mail records exactly the versions it carries.
import type { DocumentVersion } from './document-library.js';
import { extensionOf } from './catalogue.js';

export interface PlannedAttachment {
  document: string;
  /** The library version carried. */
  fileId: number;
  /** The document name plus the file's extension: how the applicant sees it. */
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface MissingDocument {
  document: string;
  /** no_file: the library has none yet; too_large: left out to keep the mail within the limit. */
  reason: 'no_file' | 'too_large';
}

export interface AttachmentPlan {
  attachments: PlannedAttachment[];
  missing: MissingDocument[];
}

/**
 * The listed documents' current files, in the listed order. When together they exceed `limitBytes`,
 * the largest are left out until the rest fit; they are named in the mail as sent separately.
 */
export function planAttachments(documents: readonly string[], current: ReadonlyMap<string, DocumentVersion>, limitBytes: number): AttachmentPlan {
  const missing: MissingDocument[] = [];
  const candidates: PlannedAttachment[] = [];
  for (const document of documents) {
    const file = current.get(document);
    if (!file) missing.push({ document, reason: 'no_file' });
    else candidates.push({ document, fileId: file.id, fileName: `${document}${extensionOf(file.fileName)}`, contentType: file.contentType, size: file.size, sha256: file.sha256 });
  }
  const leftOut = new Set<string>();
  let total = candidates.reduce((sum, a) => sum + a.size, 0);
  for (const largest of [...candidates].sort((a, b) => b.size - a.size)) {
    if (total <= limitBytes) break;
    leftOut.add(largest.document);
    total -= largest.size;
  }
  for (const document of documents) if (leftOut.has(document)) missing.push({ document, reason: 'too_large' });
  return { attachments: candidates.filter((a) => !leftOut.has(a.document)), missing: missing.sort((a, b) => documents.indexOf(a.document) - documents.indexOf(b.document)) };
}
