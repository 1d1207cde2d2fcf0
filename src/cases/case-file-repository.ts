// The stored files that the outbox uploads into a Slack thread: those of one transition (an upload on
// the applicant's page) or of one inbound message (a mail's attachments).
import { poolOf, type PrismaClient } from '../db/prisma.js';
import { sqlOn } from '../db/sql.js';
import type { FilesRef } from './case-files.js';

export interface StoredFile {
  fileName: string;
  content: Buffer;
}

export function createCaseFileRepository(prisma: PrismaClient) {
  const sql = sqlOn(poolOf(prisma));
  return {
    /** The files a `files.upload` notification names, in the order they came. */
    async filesOf(caseId: number | null, ref: FilesRef): Promise<StoredFile[]> {
      if ('inbound' in ref) return sql<StoredFile>`SELECT file_name AS "fileName", content FROM case_files WHERE inbound_id = ${ref.inbound} ORDER BY id`;
      return sql<StoredFile>`SELECT file_name AS "fileName", content FROM case_files WHERE case_id = ${caseId} AND version = ${ref.version} ORDER BY id`;
    },
  };
}

export type CaseFileRepository = ReturnType<typeof createCaseFileRepository>;
