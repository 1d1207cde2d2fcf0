// Files that arrive with a case's progress (an applicant's upload on the web page, a mail's attachments)
// and are stored with it, to be uploaded into the case's Slack thread by the outbox.
import { sha256Of } from '../documents/document-library.js';

export interface IncomingFile {
  fileName: string;
  contentType: string;
  content: Buffer;
  /** The declared document it was sent in for, when known. */
  document?: string;
}

/** The files as parallel arrays, for one INSERT … SELECT FROM unnest(…) inside a transition's statement. */
export function fileColumns(files: readonly IncomingFile[]): [string[], string[], number[], string[], Buffer[], (string | null)[]] {
  return [
    files.map((f) => f.fileName),
    files.map((f) => f.contentType),
    files.map((f) => f.content.length),
    files.map((f) => sha256Of(f.content)),
    files.map((f) => f.content),
    files.map((f) => f.document ?? null),
  ];
}

/**
 * What a `files.upload` notification uploads: the files stored with one transition (`issued`: the
 * documents it issued to the case), or with one inbound message.
 */
export type FilesRef = { version: number; issued?: boolean } | { inbound: number };
