// MDOC_DOCUMENTS_DIR: the desk drops the agency's files into a folder, named as the procedures name
// them. Read at start and by `/mdoc docs reload`; a changed file becomes a new version, and a file that
// fills no slot is reported, never silently ignored.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { documentForFile } from './catalogue.js';
import { loadDocumentFile } from './load-document.js';
import type { DocumentLibrary } from './document-library.js';

/** Far above any document the agency sends; a file beyond it is refused, not read into memory. */
const MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface FolderScan {
  /** Documents that got a new version. */
  loaded: string[];
  /** Documents whose file is already the current version. */
  unchanged: string[];
  /** Files that match no declared document. */
  unmatched: string[];
  /** Files that match a document but were refused, with the reason. */
  refused: { file: string; reason: string }[];
}

export async function loadDocumentsFolder(dir: string, library: Pick<DocumentLibrary, 'load'>): Promise<FolderScan> {
  const scan: FolderScan = { loaded: [], unchanged: [], unmatched: [], refused: [] };
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return scan;
    throw error;
  }
  const bySlot = new Map<string, string[]>();
  for (const file of entries) {
    const document = documentForFile(file);
    if (document) bySlot.set(document, [...(bySlot.get(document) ?? []), file]);
    else scan.unmatched.push(file);
  }
  for (const [document, files] of bySlot) {
    // Two spellings of one name: which is meant is for a person to say, not for the sort order.
    if (files.length > 1) {
      for (const file of files) scan.refused.push({ file, reason: `「${document}」に当てはまるファイルが複数あります（${files.join('、')}）` });
      continue;
    }
    const file = files[0]!;
    const full = path.join(dir, file);
    if ((await stat(full)).size > MAX_FILE_BYTES) {
      scan.refused.push({ file, reason: `${MAX_FILE_BYTES / 1024 / 1024} MB を超えるため` });
      continue;
    }
    const result = await loadDocumentFile(library, { document, fileName: file, content: await readFile(full), loadedBy: 'folder' });
    if (!result.ok) scan.refused.push({ file, reason: result.reason });
    else (result.changed ? scan.loaded : scan.unchanged).push(document);
  }
  return scan;
}

/** The files in the folder that fill no slot (for `/mdoc docs`), without reading them. */
export async function unmatchedFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.') && !documentForFile(e.name)).map((e) => e.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
