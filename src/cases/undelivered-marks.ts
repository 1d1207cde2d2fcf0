// The card's 「メール不達」: the addresses of a case whose mail came back (cases.undelivered_to). A bounce
// sets its address in the transaction that records it (inbound-repository.ts); it is cleared, once, with
// the notifications that redraw the card: when a later mail to the address was sent, or a reviewer says so.
// Adding an element where it is missing, and removing one where it is present, are one statement each in
// SQL; the model API would read the list first.
import type { Db, PrismaClient } from '../db/prisma.js';
import { enqueueDrafts } from '../outbox/enqueue.js';
import type { NotificationDraft } from './notifications.js';

/** Marks the case's mail to `address` (normalised) as undelivered, once. */
export async function markUndelivered(db: Db, caseId: number, address: string): Promise<void> {
  await db.$executeRaw`UPDATE cases SET undelivered_to = array_append(coalesce(undelivered_to, '{}'), ${address}::text) WHERE id = ${caseId} AND NOT (${address}::text = ANY(coalesce(undelivered_to, '{}')))`;
}

export function createUndeliveredMarks(prisma: PrismaClient) {
  return {
    /** Clears the address's mark and enqueues `notifications`; false (and nothing written) when it was not set. */
    async clear(caseId: number, address: string, notifications: NotificationDraft[]): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const changed = await tx.$executeRaw`UPDATE cases SET undelivered_to = array_remove(undelivered_to, ${address}) WHERE id = ${caseId} AND ${address} = ANY(undelivered_to)`;
        if (changed !== 1) return false;
        await enqueueDrafts(tx, caseId, notifications);
        return true;
      });
    },
  };
}

export type UndeliveredMarks = ReturnType<typeof createUndeliveredMarks>;
