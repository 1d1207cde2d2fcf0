// Which files a mail carries: the file issued to the case for a document it was issued (its own 承諾書,
// 認定書, test result), and the library's current file of every other document it lists, within the size
// limit. Pure: decided when the transition is committed, so that the mail records exactly what it carries.
import type { DocumentVersion } from './document-library.js';
import { extensionOf } from './catalogue.js';

export interface PlannedAttachment {
  document: string;
  /** The library version carried; absent for a document issued to the case. */
  fileId?: number;
  /** The case's own file, stored with the mail's transition under this document. */
  issued?: boolean;
  /** The document name plus the file's extension: how the applicant sees it. */
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A file issued to the case, as a mail will carry it. */
export type IssuedAttachment = Omit<PlannedAttachment, 'document' | 'fileId' | 'issued'>;

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
 * The listed documents' files, in the listed order. An issued file always goes: it was checked against
 * the limit when it was chosen, and the mail exists to carry it. When the files together exceed
 * `limitBytes`, the largest library files are left out until the rest fit; they are named in the mail as
 * sent separately.
 */
export function planAttachments(
  documents: readonly string[],
  current: ReadonlyMap<string, DocumentVersion>,
  limitBytes: number,
  issued: ReadonlyMap<string, IssuedAttachment> = new Map(),
): AttachmentPlan {
  const missing: MissingDocument[] = [];
  const candidates: PlannedAttachment[] = [];
  for (const document of documents) {
    const own = issued.get(document);
    const file = current.get(document);
    if (own) candidates.push({ document, issued: true, ...own });
    else if (file) candidates.push({ document, fileId: file.id, fileName: `${document}${extensionOf(file.fileName)}`, contentType: file.contentType, size: file.size, sha256: file.sha256 });
    else missing.push({ document, reason: 'no_file' });
  }
  const leftOut = new Set<string>();
  let total = candidates.reduce((sum, a) => sum + a.size, 0);
  for (const largest of candidates.filter((a) => !a.issued).sort((a, b) => b.size - a.size)) {
    if (total <= limitBytes) break;
    leftOut.add(largest.document);
    total -= largest.size;
  }
  for (const document of documents) if (leftOut.has(document)) missing.push({ document, reason: 'too_large' });
  return { attachments: candidates.filter((a) => !leftOut.has(a.document)), missing: missing.sort((a, b) => documents.indexOf(a.document) - documents.indexOf(b.document)) };
}
