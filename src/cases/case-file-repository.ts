// The stored files that the outbox uploads into a Slack thread: those of one transition (an upload on
// the applicant's page) or of one inbound message (a mail's attachments).
import type { PrismaClient } from '../db/prisma.js';
import { toBuffer } from '../db/bytes.js';
import type { FilesRef } from './case-files.js';

export interface StoredFile {
  fileName: string;
  content: Buffer;
}

export function createCaseFileRepository(prisma: PrismaClient) {
  return {
    /** The files a `files.upload` notification names, in the order they came. */
    async filesOf(caseId: number | null, ref: FilesRef): Promise<StoredFile[]> {
      const rows = await prisma.caseFile.findMany({
        where: 'inbound' in ref ? { inboundId: ref.inbound } : { caseId, version: ref.version },
        orderBy: { id: 'asc' },
        select: { fileName: true, content: true },
      });
      return rows.map((r) => ({ fileName: r.fileName, content: toBuffer(r.content) }));
    },
  };
}

export type CaseFileRepository = ReturnType<typeof createCaseFileRepository>;
