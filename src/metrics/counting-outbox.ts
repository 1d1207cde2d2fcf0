// The outbox repository as the worker sees it, counting each result the worker records, by the kind of
// the notification: delivered, retried (a failure that will be tried again), dead, or deferred (pacing
// said "not yet", or the claim was handed back). The kind is remembered from the claim until then.
import type { NotificationKind } from '../cases/notifications.js';
import type { OutboxRepository } from '../outbox/outbox-repository.js';

export type DeliveryResult = 'delivered' | 'retried' | 'dead' | 'deferred';

export function countingOutbox(outbox: OutboxRepository, count: (kind: NotificationKind, result: DeliveryResult) => void): OutboxRepository {
  /** Claimed by this worker and not yet recorded. */
  const claimed = new Map<bigint, NotificationKind>();

  async function recording(id: bigint, result: DeliveryResult, write: () => Promise<void>): Promise<void> {
    const kind = claimed.get(id);
    claimed.delete(id);
    await write();
    if (kind) count(kind, result);
  }

  return {
    ...outbox,
    async claim(...args: Parameters<OutboxRepository['claim']>) {
      const rows = await outbox.claim(...args);
      for (const n of rows) claimed.set(n.id, n.kind);
      return rows;
    },
    markDelivered: (...args: Parameters<OutboxRepository['markDelivered']>) => recording(args[0], 'delivered', () => outbox.markDelivered(...args)),
    markFailed: (...args: Parameters<OutboxRepository['markFailed']>) => recording(args[0], 'retried', () => outbox.markFailed(...args)),
    markDeferred: (...args: Parameters<OutboxRepository['markDeferred']>) => recording(args[0], 'deferred', () => outbox.markDeferred(...args)),
    markDead: (...args: Parameters<OutboxRepository['markDead']>) => recording(args[0].id, 'dead', () => outbox.markDead(...args)),
    async release(...args: Parameters<OutboxRepository['release']>) {
      claimed.clear();
      return outbox.release(...args);
    },
  };
}
