// Writing notification drafts into the outbox inside the transaction that produced them.
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';
import type { NotificationDraft } from '../cases/notifications.js';

/** A draft as a row; a draft without its own case belongs to `caseId` (null: no case, like the reviewer channel's). */
function rowOf(caseId: number | null, d: NotificationDraft): Prisma.NotificationCreateManyInput {
  return { caseId: d.caseId ?? caseId, stream: d.stream, kind: d.kind, payload: d.payload as Prisma.InputJsonObject, ...(d.notBefore ? { nextAttemptAt: d.notBefore } : {}) };
}

/** Inserts the drafts in one statement, in their order: the ids give the delivery order within a stream. */
export async function enqueueDrafts(db: Db, caseId: number | null, drafts: NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await db.notification.createMany({ data: drafts.map((d) => rowOf(caseId, d)) });
}

/**
 * The drafts as one JSON parameter, for the transition's single statement (case-repository.ts), which
 * inserts them from jsonb_to_recordset; `ord` keeps their order in the ids.
 */
export function notificationRows(caseId: number | null, drafts: NotificationDraft[]): string {
  return JSON.stringify(drafts.map((d, ord) => ({ ord, case_id: d.caseId ?? caseId, stream: d.stream, kind: d.kind, payload: d.payload, next_attempt_at: d.notBefore?.toISOString() ?? null })));
}
