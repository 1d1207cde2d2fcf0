// The outbox table: claiming work with row locks so that several bot processes can share it.
import type { PrismaClient } from '../db/prisma.js';
import { enqueueDrafts } from './enqueue.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { NotificationDraft, NotificationKind } from '../cases/notifications.js';
import { DEFAULT_HEARTBEAT } from './heartbeat.js';

export interface ClaimedNotification {
  id: bigint;
  /** Null for notifications about no single case (the digest, a Home tab). */
  caseId: number | null;
  stream: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

/**
 * Not told to the reviewer channel when they die: a dead notice itself, and a Home tab, which is
 * published again at the next change of a case or when its owner opens it.
 */
const UNTOLD_WHEN_DEAD = new Set<NotificationKind>(['dead.notice', 'home.publish', 'home.fanout']);

/** Rows this worker claimed and has not finished: what it may mark. */
const claimedBy = (id: bigint, workerId: string) => ({ id, lockedBy: workerId });

// The claim and the statements that compare times with the database's clock (leases, heartbeats,
// retries) are written by hand; the rest goes through the model API.
export function createOutboxRepository(prisma: PrismaClient) {
  return {
    /**
     * Claims up to `limit` deliverable notifications, each the oldest undelivered one of its stream, so
     * that a stream is delivered in order and by one worker at a time. Locked rows are skipped, not
     * waited for. A claim is free again when its worker's heartbeat is `deadAfterMs` old (the process
     * died: see heartbeat.ts), or at the latest when its `leaseMs` lease runs out (a process that is
     * alive but whose call never returns). A claim whose worker has no heartbeat row at all waits for
     * its lease: that row may be one this statement's snapshot is too old to see.
     */
    async claim(workerId: string, limit: number, leaseMs: number, deadAfterMs: number = DEFAULT_HEARTBEAT.deadAfterMs): Promise<ClaimedNotification[]> {
      const rows = await prisma.$queryRaw<(Omit<ClaimedNotification, 'id' | 'payload' | 'kind'> & { id: string; payload: Prisma.JsonObject; kind: NotificationKind })[]>`
        WITH heads AS (
          SELECT n.id FROM notifications n
          WHERE n.id IN (
              -- The oldest undelivered notification of each stream; one pass over the pending rows
              -- (a NOT EXISTS probe per pending row made each claim cost O(pending) index probes).
              SELECT min(p.id) FROM notifications p WHERE p.delivered_at IS NULL AND p.dead_at IS NULL GROUP BY p.stream)
            AND n.next_attempt_at <= now()
            AND (n.locked_until IS NULL OR n.locked_until < now()
              -- Held by a worker that has stopped beating: read once per claim (a hashed subplan over
              -- the few worker rows), not probed per notification.
              OR n.locked_by IN (SELECT w.worker_id FROM outbox_workers w WHERE w.beat_at < now() - make_interval(secs => ${deadAfterMs / 1000})))
          ORDER BY n.id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        UPDATE notifications AS t
        SET locked_until = now() + make_interval(secs => ${leaseMs / 1000}), locked_by = ${workerId}, attempts = t.attempts + 1
        FROM heads WHERE t.id = heads.id
        RETURNING t.id::text AS id, t.case_id AS "caseId", t.stream, t.kind, t.payload, t.attempts, t.created_at AS "createdAt"`;
      return rows.map((row) => ({ ...row, id: BigInt(row.id) }));
    },

    async markDelivered(id: bigint, workerId: string): Promise<void> {
      await prisma.notification.updateMany({ where: claimedBy(id, workerId), data: { deliveredAt: new Date(), lockedUntil: null, lastError: null } });
    },

    /**
     * Gives up on a notification. Unless it was itself a notice of this kind, the reviewer channel is
     * told, through the outbox like everything else.
     */
    async markDead(n: ClaimedNotification, workerId: string, error: string): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const changed = await tx.notification.updateMany({ where: claimedBy(n.id, workerId), data: { deadAt: new Date(), lockedUntil: null, lastError: error } });
        if (changed.count !== 1 || UNTOLD_WHEN_DEAD.has(n.kind)) return;
        await enqueueDrafts(tx, n.caseId, [{ stream: 'admin:dead', kind: 'dead.notice', payload: { notificationId: String(n.id), kind: n.kind, error, stream: n.stream } }]);
      });
    },

    /** Notifications that arise while delivering another (a Home refresh for each person who sees a case). */
    async add(drafts: NotificationDraft[]): Promise<void> {
      await enqueueDrafts(prisma, null, drafts);
    },

    /** Pacing said "not yet": try again then, and do not count this as an attempt. */
    async markDeferred(id: bigint, workerId: string, until: Date): Promise<void> {
      // A claim counted an attempt (attempts ≥ 1 on every claimed row); this one is given back.
      await prisma.notification.updateMany({ where: claimedBy(id, workerId), data: { lockedUntil: null, nextAttemptAt: until, attempts: { decrement: 1 } } });
    },

    /** A later update of the same message is queued: this one can be skipped (it would show the same). */
    async hasLaterPending(n: ClaimedNotification): Promise<boolean> {
      const later = await prisma.notification.findFirst({
        where: { stream: n.stream, kind: n.kind, id: { gt: n.id }, deliveredAt: null, deadAt: null },
        select: { id: true },
      });
      return later !== null;
    },

    /** `/mdoc admin retry-dead`: every dead notification gets a fresh set of attempts. */
    async retryDead(): Promise<number> {
      const { count } = await prisma.notification.updateMany({
        where: { deadAt: { not: null }, kind: { not: 'dead.notice' } },
        data: { deadAt: null, attempts: 0, nextAttemptAt: new Date(), lastError: null, lockedUntil: null },
      });
      return count;
    },

    async markFailed(id: bigint, workerId: string, error: string, retryInMs: number): Promise<void> {
      await prisma.$executeRaw`
        UPDATE notifications
        SET locked_until = NULL, last_error = ${error}, next_attempt_at = now() + make_interval(secs => ${retryInMs / 1000})
        WHERE id = ${id} AND locked_by = ${workerId}`;
    },

    /** On shutdown: hand back what this worker claimed but did not finish, for the next process. */
    async release(workerId: string): Promise<number> {
      // Every row still locked by this worker was claimed by it, which counted an attempt.
      const { count } = await prisma.notification.updateMany({
        where: { lockedBy: workerId, deliveredAt: null, deadAt: null, lockedUntil: { not: null } },
        data: { lockedUntil: null, attempts: { decrement: 1 } },
      });
      return count;
    },

    /** This worker is alive (heartbeat.ts). */
    async beat(workerId: string, host: string, pid: number): Promise<void> {
      await prisma.$executeRaw`
        INSERT INTO outbox_workers AS w (worker_id, host, pid, beat_at) VALUES (${workerId}, ${host}, ${pid}, now())
        ON CONFLICT (worker_id) DO UPDATE SET beat_at = now()`;
    },

    /** This worker has stopped and released its claims. */
    async forget(workerId: string): Promise<void> {
      await prisma.outboxWorker.deleteMany({ where: { workerId } });
    },

    /** The rows of workers that died long ago; their claims' leases ran out long before. */
    async sweep(olderThanMs: number): Promise<number> {
      return prisma.$executeRaw`DELETE FROM outbox_workers WHERE beat_at < now() - make_interval(secs => ${olderThanMs / 1000})`;
    },

    /** Undelivered notifications due within a minute (not those scheduled for later, like deadlines). */
    async dueSoonCount(): Promise<number> {
      return prisma.notification.count({ where: { deliveredAt: null, deadAt: null, nextAttemptAt: { lte: new Date(Date.now() + 60_000) } } });
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
