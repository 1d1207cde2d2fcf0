// Delivers the outbox after commit. Several workers (one per bot process) may run against one database:
// claims are row locks, so each notification goes to one worker at a time. Each worker beats a heartbeat
// row while it runs (heartbeat.ts): a dead process's claims go to another within seconds of its last beat.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { ClaimedNotification, OutboxRepository } from './outbox-repository.js';
import { Deferred } from './deferred.js';
import { createDeferralSpread } from './deferral-spread.js';
import { failpoint } from './failpoints.js';
import { DEFAULT_HEARTBEAT, SWEEP_AFTER_MS, createHeartbeat } from './heartbeat.js';
import { backoffMs, classifyFailure } from './retry-policy.js';

export type Deliver = (notification: ClaimedNotification) => Promise<void>;

/** The longest a claim waits for more places to come free while deliveries are in flight. */
const CLAIM_GATHER_MS = 20;

/** Slack's pace of chat.postMessage in one channel. */
const DEFAULT_PACED_SLOT_MS = 1_000;

export interface OutboxWorkerOptions {
  outbox: OutboxRepository;
  deliver: Deliver;
  logger: Logger;
  maxAttempts: number;
  batchSize?: number;
  pollMs?: number;
  /** The longest a claim holds while its worker is alive (a call that never returns). */
  leaseMs?: number;
  /** How often the worker records that it is alive, and after how long without that others take its claims. */
  heartbeat?: { beatMs: number; deadAfterMs: number };
  backoff?: { baseMs: number; capMs: number };
  workerId?: string;
  /** The shortest pacing interval: notifications turned away by pacing come back this far apart (deferral-spread.ts). */
  pacedSlotMs?: number;
  /** Waited for before each claim: deliveries give way to Slack's acknowledgements (src/slack/backlog.ts). */
  giveWay?: () => Promise<void>;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Delivers one batch; resolves to how many notifications it handled. */
  runOnce(): Promise<number>;
  start(): void;
  /** Wakes the loop now instead of at the next poll (called after a commit). */
  nudge(): void;
  /** Stops claiming, waits for deliveries in flight, hands back unfinished claims. */
  stop(): Promise<void>;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { outbox, deliver, maxAttempts } = options;
  const workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const logger = options.logger.child({ component: 'outbox', workerId });
  const batchSize = options.batchSize ?? 20;
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const { beatMs, deadAfterMs } = options.heartbeat ?? DEFAULT_HEARTBEAT;
  const heartbeat = createHeartbeat({ store: outbox, workerId, logger, beatMs, deadAfterMs });
  const backoff = options.backoff ?? { baseMs: 1_000, capMs: 5 * 60_000 };
  const spread = createDeferralSpread(options.pacedSlotMs ?? DEFAULT_PACED_SLOT_MS);
  const claimAtLeast = Math.max(1, Math.floor(batchSize / 4));

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let nudged = false;

  async function handle(n: ClaimedNotification): Promise<void> {
    const log = logger.child({ notificationId: String(n.id), caseId: n.caseId, kind: n.kind, attempt: n.attempts });
    try {
      if (!heartbeat.fresh()) {
        // Silent for so long that others may count this worker dead and take this claim: hand it back
        // rather than risk posting alongside them.
        await outbox.markDeferred(n.id, workerId, new Date());
        log.warn('heartbeat too old to deliver safely; handed the claim back');
        return;
      }
      failpoint('delivery.before-call');
      await deliver(n);
      failpoint('delivery.before-commit');
      await outbox.markDelivered(n.id, workerId);
      log.debug('delivered');
    } catch (error) {
      if (error instanceof Deferred) {
        // The pacer's reason names its key (method and channel).
        const until = spread(error.message, error.until);
        await outbox.markDeferred(n.id, workerId, until);
        log.debug({ until }, 'deferred by pacing');
        return;
      }
      const verdict = classifyFailure(error);
      if (verdict.permanent || n.attempts >= maxAttempts) {
        await outbox.markDead(n, workerId, verdict.message);
        log.error({ err: verdict.message, permanent: verdict.permanent }, 'delivery failed for good; notification is dead');
        return;
      }
      const retryIn = verdict.retryAfterMs ?? backoffMs(n.attempts, backoff);
      await outbox.markFailed(n.id, workerId, verdict.message, retryIn);
      log.warn({ err: verdict.message, retryInMs: retryIn }, 'delivery failed; will retry');
    }
  }

  function runOnce(): Promise<number> {
    return heartbeat.during(async () => {
      const claimed = await outbox.claim(workerId, batchSize, leaseMs, deadAfterMs);
      await Promise.all(claimed.map(handle));
      return claimed.length;
    });
  }

  /** Wakes the loop now, or, while it is busy, makes its next idle return at once. */
  function nudge(): void {
    if (wake) wake();
    else nudged = true;
  }

  function idle(maxMs = pollMs): Promise<void> {
    if (nudged) {
      nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.min(pollMs, maxMs));
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  /**
   * Keeps up to batchSize deliveries in flight, claiming more as each one ends: a slow delivery (a
   * paced channel) never holds back the others, and a stream's next notification is claimed as soon
   * as the one before it is done.
   */
  async function run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (running) {
      // While deliveries are in flight, a claim waits (briefly) for a handful of free places: each claim
      // reads every pending row, and claiming one row each time a delivery ended made a flood's claims
      // as many as its deliveries.
      const gatherUntil = performance.now() + CLAIM_GATHER_MS;
      while (running && inFlight.size > 0 && batchSize - inFlight.size < claimAtLeast && performance.now() < gatherUntil) await idle(gatherUntil - performance.now());
      const free = batchSize - inFlight.size;
      let claimed: ClaimedNotification[] = [];
      if (free > 0) {
        try {
          await options.giveWay?.();
          claimed = await outbox.claim(workerId, free, leaseMs, deadAfterMs);
        } catch (error) {
          logger.error({ err: (error as Error).message }, 'outbox poll failed; retrying');
        }
      }
      for (const n of claimed) {
        // Each delivery gives way again: a batch claimed in a pause does not run into the next burst.
        const delivery: Promise<void> = (options.giveWay?.() ?? Promise.resolve())
          .then(() => handle(n))
          .catch((error: Error) => logger.error({ err: error.message, notificationId: String(n.id) }, 'could not record a delivery'))
          .finally(() => {
            inFlight.delete(delivery);
            // A delivery that ends while a claim is running must not be missed: the next idle returns at once.
            nudge();
          });
        inFlight.add(delivery);
      }
      // Fewer rows than asked for: nothing more is claimable until a delivery ends or a commit nudges.
      // (Claiming again at once found nothing nearly every time, and each claim reads every pending row.)
      if (running && (claimed.length < free || inFlight.size >= batchSize)) await idle();
    }
    await Promise.all(inFlight);
  }

  return {
    workerId,
    runOnce,
    start() {
      if (running) return;
      running = true;
      // The heartbeat beats for as long as the loop runs, deliveries in flight included.
      loop = heartbeat.during(run);
      outbox.sweep(SWEEP_AFTER_MS).catch((error: Error) => logger.warn({ err: error.message }, 'could not sweep old worker rows'));
    },
    nudge,
    async stop() {
      running = false;
      wake?.();
      await loop;
      const released = await outbox.release(workerId).catch(() => 0);
      if (released) logger.info({ released }, 'released unfinished claims');
      // Its claims are handed back: nothing needs this worker's heartbeat any more.
      await heartbeat.forget().catch((error: Error) => logger.warn({ err: error.message }, 'could not remove the heartbeat row'));
    },
  };
}
