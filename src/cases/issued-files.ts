// The documents issued to a case (its サービス開始承諾書, 確認用PG認定書, テスト結果): case files stored by
// the transition that sent them, one version per sending, never overwritten (a trigger keeps case files
// as they came). Who issued a version, and when, is the transition's actor and time: the record of the
// case says it once, in the hash chain.
import { toBuffer } from '../db/bytes.js';
import type { PrismaClient } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';
import { ISSUED_DOCUMENT_NAMES } from '../documents/catalogue.js';

/** One version of an issued document, without its bytes. */
export interface IssuedFile {
  /** The case file's ID: the applicant's page downloads it by this, behind the case's signed link. */
  id: number;
  /** The case version whose transition issued it. */
  version: number;
  document: string;
  /** The name the file had when it was chosen in Slack. */
  fileName: string;
  size: number;
  sha256: string;
  issuedBy: string;
  issuedAt: Date;
}

/** The name the applicant sees the file under: the document itself, as a PDF. */
export const issuedFileName = (document: string): string => `${document}.pdf`;

/** Which case files are issued documents: those of the declared names that came with no mail. */
export const ISSUED_FILES = { document: { in: [...ISSUED_DOCUMENT_NAMES] }, inboundId: null } satisfies Prisma.CaseFileWhereInput;

/** The columns of an issued file that its listings show. */
export const ISSUED_FILE_SELECT = { id: true, version: true, document: true, fileName: true, size: true, sha256: true } satisfies Prisma.CaseFileSelect;

type IssuedFileRow = Prisma.CaseFileGetPayload<{ select: typeof ISSUED_FILE_SELECT }>;

/** The issued files with who issued them and when: the actor and time of the transition that sent them. */
export function issuedFilesOf(files: readonly IssuedFileRow[], transitions: readonly { version: number; actorId: string; createdAt: Date }[]): IssuedFile[] {
  const by = new Map(transitions.map((t) => [t.version, t]));
  return files.map((f) => ({ ...issuedSummaryOf(f), issuedBy: by.get(f.version!)?.actorId ?? '', issuedAt: by.get(f.version!)?.createdAt ?? new Date(0) }));
}

/** An issued file as a card lists it: without who issued it and when, which only the case's record shows. */
export type IssuedFileSummary = Omit<IssuedFile, 'issuedBy' | 'issuedAt'>;

export function issuedSummaryOf(f: IssuedFileRow): IssuedFileSummary {
  return { ...f, version: f.version!, document: f.document! };
}

/** The newest version of each document, of files listed oldest first. */
export function latestIssued<F extends IssuedFileSummary>(files: readonly F[]): F[] {
  return [...new Map(files.map((f) => [f.document, f])).values()];
}

export function createIssuedFiles(prisma: PrismaClient) {
  return {
    /** Every version issued to the case, oldest first. */
    async list(caseId: number): Promise<IssuedFile[]> {
      const files = await prisma.caseFile.findMany({ where: { caseId, ...ISSUED_FILES }, select: ISSUED_FILE_SELECT, orderBy: { id: 'asc' } });
      if (files.length === 0) return [];
      const transitions = await prisma.transition.findMany({
        where: { caseId, version: { in: files.map((f) => f.version!) } },
        select: { version: true, actorId: true, createdAt: true },
      });
      return issuedFilesOf(files, transitions);
    },

    /** The bytes a mail attaches: the file its transition stored for the document. */
    async content(caseId: number, version: number, document: string): Promise<{ content: Buffer; sha256: string } | undefined> {
      const file = await prisma.caseFile.findFirst({ where: { caseId, version, document, inboundId: null }, select: { content: true, sha256: true } });
      return file ? { content: toBuffer(file.content), sha256: file.sha256 } : undefined;
    },

    /** One issued file of the case, with its bytes (a download from the applicant's page). */
    async download(caseId: number, id: number): Promise<{ document: string; content: Buffer } | undefined> {
      const file = await prisma.caseFile.findFirst({ where: { id, caseId, ...ISSUED_FILES }, select: { document: true, content: true } });
      return file ? { document: file.document!, content: toBuffer(file.content) } : undefined;
    },

    /** The sha256 of what each document was last issued as, and by which version (a new round must bring a new file). */
    async previous(caseId: number, documents: readonly string[]): Promise<Map<string, { sha256: string; version: number }>> {
      if (documents.length === 0) return new Map();
      const files = await prisma.caseFile.findMany({
        where: { caseId, inboundId: null, document: { in: [...documents] } },
        select: { document: true, sha256: true, version: true },
        orderBy: { id: 'asc' },
      });
      return new Map(files.map((f) => [f.document!, { sha256: f.sha256, version: f.version! }]));
    },
  };
}

export type IssuedFiles = ReturnType<typeof createIssuedFiles>;
