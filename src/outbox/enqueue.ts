// Writing notification drafts into the outbox inside the transaction that produced them, in one
// statement whatever their number.
import type pg from 'pg';
import type { NotificationDraft } from '../cases/notifications.js';

/**
 * The drafts as one JSON parameter; `ord` keeps their order in the ids, the delivery order within a
 * stream. A draft without its own case belongs to `caseId` (null: no case, like the reviewer channel's).
 */
export function notificationRows(caseId: number | null, drafts: NotificationDraft[]): string {
  return JSON.stringify(drafts.map((d, ord) => ({ ord, case_id: d.caseId ?? caseId, stream: d.stream, kind: d.kind, payload: d.payload, next_attempt_at: d.notBefore?.toISOString() ?? null })));
}

/** Inserts the notification rows of parameter $1 (see notificationRows), in their order. */
export const ENQUEUE_SELECT = `INSERT INTO notifications (case_id, stream, kind, payload, next_attempt_at)
  SELECT x.case_id, x.stream, x.kind, x.payload, coalesce(x.next_attempt_at, now())
  FROM jsonb_to_recordset($1::jsonb) AS x(ord int, case_id int, stream text, kind text, payload jsonb, next_attempt_at timestamptz)
  ORDER BY x.ord`;

export async function enqueueDrafts(client: pg.PoolClient, caseId: number | null, drafts: NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await client.query(ENQUEUE_SELECT, [notificationRows(caseId, drafts)]);
}
