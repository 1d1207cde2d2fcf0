// The outbox as the database holds it, read when Prometheus scrapes: every process reports the same
// truth, whichever of them delivered what. One grouped query serves the three gauges of a scrape.
import { Gauge, type Registry } from 'prom-client';
import type { PrismaClient } from '../db/prisma.js';
import type { NotificationKind } from '../cases/notifications.js';

export interface OutboxByKind {
  kind: string;
  /** Not delivered, not dead, and due: waiting for a worker, a retry or a pacing slot. */
  pending: number;
  /** Seconds since the oldest of them became due; 0 when none is waiting. */
  oldestAgeSeconds: number;
  dead: number;
}

/** Every kind, so that each gauge reads 0 for a kind with no rows rather than having no sample at all. */
const KINDS = [
  'card.post', 'card.update', 'thread.reply', 'dm.post', 'dm.update', 'dm.reply', 'dm.inbound', 'mail', 'reminder', 'overdue',
  'linked.completed', 'dead.notice', 'digest', 'home.fanout', 'home.publish', 'apply.confirm', 'documents.missing',
  'inbound.post', 'inbound.triage', 'inbound.notice', 'files.upload',
] as const satisfies readonly NotificationKind[];

/**
 * Pending rows are the due ones: a notification scheduled for later (a reminder, an overdue notice) and
 * never tried is not waiting yet. A row is due since it was created, or since the moment it was
 * scheduled for when that is later; a row already tried keeps its creation as its start. The pending
 * part reads the partial index of undelivered rows; the dead part scans the table. Hand-written: the
 * model API's groupBy cannot take the minimum of that expression, nor join the two groupings.
 */
export function readOutboxByKind(prisma: PrismaClient): () => Promise<OutboxByKind[]> {
  return async () =>
    prisma.$queryRaw<OutboxByKind[]>`
      WITH pending AS (
        SELECT kind, count(*)::int AS n, min(CASE WHEN attempts = 0 THEN greatest(created_at, next_attempt_at) ELSE created_at END) AS since
        FROM notifications
        WHERE delivered_at IS NULL AND dead_at IS NULL AND (attempts > 0 OR next_attempt_at <= now())
        GROUP BY kind),
      dead AS (
        SELECT kind, count(*)::int AS n FROM notifications WHERE dead_at IS NOT NULL GROUP BY kind)
      SELECT kind, coalesce(pending.n, 0) AS pending, coalesce(extract(epoch FROM now() - pending.since), 0)::float8 AS "oldestAgeSeconds", coalesce(dead.n, 0) AS dead
      FROM pending FULL JOIN dead USING (kind)`;
}

export function registerOutboxGauges(registry: Registry, read: () => Promise<OutboxByKind[]>): void {
  // The three gauges are collected together in a scrape; they share one read.
  let reading: Promise<OutboxByKind[]> | undefined;
  const once = () => (reading ??= read().finally(() => (reading = undefined)));

  const gauge = (name: string, help: string, field: 'pending' | 'oldestAgeSeconds' | 'dead') =>
    new Gauge({
      name,
      help,
      labelNames: ['kind'] as const,
      registers: [registry],
      async collect() {
        const rows = await once();
        this.reset();
        for (const kind of KINDS) this.set({ kind }, 0);
        for (const row of rows) this.set({ kind: row.kind }, row[field]);
      },
    });

  gauge('mdoc_outbox_pending', 'Notifications due and not yet delivered (nor dead), by kind; read from the database', 'pending');
  gauge('mdoc_outbox_oldest_pending_age_seconds', 'Seconds since the oldest pending notification of a kind became due; read from the database', 'oldestAgeSeconds');
  gauge('mdoc_outbox_dead', 'Notifications given up on (dead) and not retried, by kind; read from the database', 'dead');
}
