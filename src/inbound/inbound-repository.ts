// Inbound messages in Postgres. Taking a message is one transaction: the row keyed by its source (the
// mailbox's UIDVALIDITY and the UID, or the file's hash), its attachments and every notification it
// produces. A message taken twice (two processes, a crash before the mailbox was told) finds its row
// there and produces nothing the second time.
import type pg from 'pg';
import { poolOf, type PrismaClient } from '../db/prisma.js';
import { sqlOn } from '../db/sql.js';
import { fileColumns, type IncomingFile } from '../cases/case-files.js';
import { inTransaction } from '../db/transaction.js';
import { enqueueDrafts } from '../outbox/enqueue.js';
import type { NotificationDraft } from '../cases/notifications.js';
import { inboundDetailSchema, type InboundDetail, type InboundOutcome, type InboundRow, type MatchedBy } from './inbound-record.js';

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
}

const ROW_COLUMNS = `id, case_id AS "caseId", outcome, matched_by AS "matchedBy", detail, post_channel AS "postChannel", post_ts AS "postTs", received_at AS "receivedAt"`;

/** Attaches an unassigned message (and its files) to a case; false when it already has one. */
export async function assignInbound(client: pg.PoolClient, inboundId: number, caseId: number, matchedBy: MatchedBy): Promise<boolean> {
  const { rowCount } = await client.query(`UPDATE inbound_messages SET case_id = $2, matched_by = $3 WHERE id = $1 AND case_id IS NULL`, [inboundId, caseId, matchedBy]);
  if (rowCount !== 1) return false;
  await client.query(`UPDATE case_files SET case_id = $2 WHERE inbound_id = $1`, [inboundId, caseId]);
  return true;
}

export function createInboundRepository(prisma: PrismaClient) {
  const pool = poolOf(prisma);
  const sql = sqlOn(pool);
  return {
    /** Records the message and what it produces, once; undefined when its source key was taken before. */
    async record(input: NewInbound): Promise<number | undefined> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO inbound_messages (source_key, message_id, raw, size, from_address, subject, outcome, matched_by, case_id, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) ON CONFLICT (source_key) DO NOTHING RETURNING id`,
          [input.sourceKey, input.messageId, input.raw, input.raw.length, input.fromAddress, input.subject, input.outcome, input.matchedBy, input.caseId, JSON.stringify(input.detail)],
        );
        const id = rows[0]?.id;
        if (id === undefined) return undefined;
        if (input.files.length) {
          await client.query(
            `INSERT INTO case_files (case_id, inbound_id, file_name, content_type, size, sha256, content, document)
             SELECT $1, $2, f.name, f.type, f.size, f.sha256, f.content, f.document
             FROM unnest($3::text[], $4::text[], $5::int[], $6::text[], $7::bytea[], $8::text[]) AS f(name, type, size, sha256, content, document)`,
            [input.caseId, id, ...fileColumns(input.files)],
          );
        }
        await enqueueDrafts(client, input.caseId, input.notifications(id));
        return id;
      });
    },

    /** A message with this Message-ID was taken before (the same mail delivered twice). */
    async seenMessageId(messageId: string): Promise<boolean> {
      const [row] = await sql<{ n: number }>`SELECT count(*)::int AS n FROM inbound_messages WHERE message_id = ${messageId}`;
      return row!.n > 0;
    },

    /** The case a mail the bot sent belongs to, by the notification in its Message-ID. */
    async caseOfSentMail(notificationId: bigint): Promise<number | undefined> {
      const [row] = await sql<{ caseId: number }>`SELECT case_id AS "caseId" FROM notifications WHERE id = ${notificationId} AND kind = 'mail'`;
      return row?.caseId ?? undefined;
    },

    async find(id: number): Promise<InboundRow | undefined> {
      const { rows } = await pool.query<InboundRow>(`SELECT ${ROW_COLUMNS} FROM inbound_messages WHERE id = $1`, [id]);
      // What the posts render from, checked as it comes back from storage.
      return rows[0] && { ...rows[0], detail: inboundDetailSchema.parse(rows[0].detail) };
    },

    async setPost(id: number, channel: string, ts: string): Promise<void> {
      await sql.exec`UPDATE inbound_messages SET post_channel = ${channel}, post_ts = ${ts} WHERE id = ${id}`;
    },

    /** A reviewer links an unmatched message to a case: once; 'taken' when it already has a case. */
    async link(id: number, caseId: number, notifications: NotificationDraft[]): Promise<'linked' | 'taken'> {
      return inTransaction(pool, async (client) => {
        if (!(await assignInbound(client, id, caseId, 'desk'))) return 'taken';
        await enqueueDrafts(client, caseId, notifications);
        return 'linked';
      });
    },
  };
}

export type InboundRepository = ReturnType<typeof createInboundRepository>;
