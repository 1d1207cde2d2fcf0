// Inbound messages in Postgres. Taking a message is one transaction: the row keyed by its source (the
// mailbox's UIDVALIDITY and the UID, or the file's hash), its attachments and every notification it
// produces. A message taken twice (two processes, a crash before the mailbox was told) finds its row
// there and produces nothing the second time.
import type { Db, PrismaClient } from '../db/prisma.js';
import { toBytes } from '../db/bytes.js';
import type { Prisma } from '../generated/prisma/client.js';
import { sha256Of } from '../documents/document-library.js';
import type { IncomingFile } from '../cases/case-files.js';
import { enqueueDrafts } from '../outbox/enqueue.js';
import { markUndelivered } from '../cases/undelivered-marks.js';
import type { NotificationDraft } from '../cases/notifications.js';
import { INBOUND_ROW_SELECT, inboundDetailSchema, type InboundDetail, type InboundOutcome, type InboundRow, type MatchedBy } from './inbound-record.js';

export interface NewInbound {
  sourceKey: string;
  messageId: string | null;
  raw: Buffer;
  fromAddress: string | null;
  subject: string | null;
  outcome: InboundOutcome;
  matchedBy: MatchedBy | null;
  caseId: number | null;
  detail: InboundDetail;
  files: IncomingFile[];
  /** What the message produces, given its new ID. */
  notifications: (inboundId: number) => NotificationDraft[];
  /** A bounce of the case's mail to this address (normalised): the case is marked 「メール不達」 for it. */
  undeliveredTo?: string;
}

/** Files as case_files rows, of a case or (not yet assigned) of an inbound message only. */
export function caseFileRows(files: readonly IncomingFile[], owner: { caseId: number | null; inboundId?: number; version?: number }): Prisma.CaseFileCreateManyInput[] {
  return files.map((f) => ({
    ...owner, fileName: f.fileName, contentType: f.contentType, size: f.content.length, sha256: sha256Of(f.content), content: toBytes(f.content), document: f.document ?? null,
  }));
}

/** Attaches an unassigned message (and its files) to a case; false when it already has one. */
export async function assignInbound(db: Db, inboundId: number, caseId: number, matchedBy: MatchedBy): Promise<boolean> {
  const { count } = await db.inboundMessage.updateMany({ where: { id: inboundId, caseId: null }, data: { caseId, matchedBy } });
  if (count !== 1) return false;
  await db.caseFile.updateMany({ where: { inboundId }, data: { caseId } });
  return true;
}

export function createInboundRepository(prisma: PrismaClient) {
  return {
    /** Records the message and what it produces, once; undefined when its source key was taken before. */
    async record(input: NewInbound): Promise<number | undefined> {
      return prisma.$transaction(async (tx) => {
        // ON CONFLICT DO NOTHING: a message taken twice (two processes) inserts nothing the second time.
        const inserted = await tx.inboundMessage.createManyAndReturn({
          data: [{
            sourceKey: input.sourceKey, messageId: input.messageId, raw: toBytes(input.raw), size: input.raw.length, fromAddress: input.fromAddress,
            subject: input.subject, outcome: input.outcome, matchedBy: input.matchedBy, caseId: input.caseId, detail: input.detail as Prisma.InputJsonObject,
          }],
          skipDuplicates: true,
          select: { id: true },
        });
        const id = inserted[0]?.id;
        if (id === undefined) return undefined;
        if (input.files.length) await tx.caseFile.createMany({ data: caseFileRows(input.files, { caseId: input.caseId, inboundId: id }) });
        if (input.undeliveredTo && input.caseId !== null) await markUndelivered(tx, input.caseId, input.undeliveredTo);
        await enqueueDrafts(tx, input.caseId, input.notifications(id));
        return id;
      });
    },

    /** A message with this Message-ID was taken before (the same mail delivered twice). */
    async seenMessageId(messageId: string): Promise<boolean> {
      return (await prisma.inboundMessage.findFirst({ where: { messageId }, select: { id: true } })) !== null;
    },

    async find(id: number): Promise<InboundRow | undefined> {
      const row = await prisma.inboundMessage.findFirst({ where: { id }, select: INBOUND_ROW_SELECT });
      // What the posts render from, checked as it comes back from storage.
      return row ? { ...row, outcome: row.outcome as InboundRow['outcome'], matchedBy: row.matchedBy as MatchedBy | null, detail: inboundDetailSchema.parse(row.detail) } : undefined;
    },

    async setPost(id: number, channel: string, ts: string): Promise<void> {
      await prisma.inboundMessage.update({ where: { id }, data: { postChannel: channel, postTs: ts }, select: { id: true } });
    },

    /** A reviewer links an unmatched message to a case: once; 'taken' when it already has a case. */
    async link(id: number, caseId: number, notifications: NotificationDraft[]): Promise<'linked' | 'taken'> {
      return prisma.$transaction(async (tx) => {
        if (!(await assignInbound(tx, id, caseId, 'desk'))) return 'taken';
        await enqueueDrafts(tx, caseId, notifications);
        return 'linked';
      });
    },
  };
}

export type InboundRepository = ReturnType<typeof createInboundRepository>;
