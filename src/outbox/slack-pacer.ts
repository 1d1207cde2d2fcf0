// Paces Slack Web API calls per method and channel (chat.postMessage: about one a second per channel),
// shared by every bot process through one row per key. A 429's Retry-After pushes the key's next slot,
// so only that method and channel wait; deliveries elsewhere go on.
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '../db/prisma.js';
import { Deferred } from './deferred.js';

export interface SlackPacer {
  /** Waits for the next slot of `method` in `channel`; throws Deferred when it is further than maxWaitMs. */
  acquire(method: string, channel: string): Promise<void>;
  /** Slack asked us to wait (429): nobody calls this method in this channel before then. */
  backOff(method: string, channel: string, retryAfterMs: number): Promise<void>;
  /**
   * A call has returned: the next one waits a full interval from now. Slack counts calls when they
   * arrive, and a call sent on time can arrive late, right before its successor.
   */
  completed(method: string, channel: string): Promise<void>;
}

export interface SlackPacerOptions {
  /** Milliseconds between calls, per method. */
  intervals: Record<string, number>;
  /** Wait this long in process at most; beyond it the notification is rescheduled instead. */
  maxWaitMs: number;
}

export const DEFAULT_PACING: SlackPacerOptions = {
  intervals: { 'chat.postMessage': 1_000, 'chat.update': 1_200 },
  maxWaitMs: 1_500,
};

export function createSlackPacer(prisma: PrismaClient, options: SlackPacerOptions = DEFAULT_PACING): SlackPacer {
  // The slots are reserved in the database's clock, by hand-written upserts that only move forward.
  /** Nobody calls for `key` before `ms` from now. */
  async function pushBack(key: string, ms: number): Promise<void> {
    await prisma.$executeRaw`
      INSERT INTO slack_pacing AS p (key, next_at) VALUES (${key}, now() + make_interval(secs => ${ms / 1000}))
      ON CONFLICT (key) DO UPDATE SET next_at = greatest(p.next_at, now() + make_interval(secs => ${ms / 1000}))`;
  }

  return {
    async acquire(method, channel) {
      const interval = options.intervals[method];
      if (!interval) return;
      const key = `${method}:${channel}`;
      const secs = interval / 1000;
      const maxWait = options.maxWaitMs / 1000;
      // Reserve the next slot atomically, but only if it is near: otherwise leave the row untouched.
      const reserved = await prisma.$queryRaw<{ waitMs: number }[]>`
        INSERT INTO slack_pacing AS p (key, next_at) VALUES (${key}, now() + make_interval(secs => ${secs}))
        ON CONFLICT (key) DO UPDATE SET next_at = greatest(p.next_at, now()) + make_interval(secs => ${secs})
          WHERE p.next_at <= now() + make_interval(secs => ${maxWait})
        RETURNING greatest(0, extract(epoch FROM (next_at - make_interval(secs => ${secs}) - now())) * 1000)::float8 AS "waitMs"`;
      const slot = reserved[0];
      if (slot) {
        if (slot.waitMs > 0) await sleep(slot.waitMs);
        return;
      }
      const row = await prisma.slackPacing.findFirst({ where: { key } });
      throw new Deferred(row?.nextAt ?? new Date(Date.now() + interval), `${key} is paced`);
    },

    async backOff(method, channel, retryAfterMs) {
      await pushBack(`${method}:${channel}`, retryAfterMs);
    },

    async completed(method, channel) {
      const interval = options.intervals[method];
      if (interval) await pushBack(`${method}:${channel}`, interval);
    },
  };
}
