// Runs the daily jobs. Every bot process polls; the database decides which one runs a job for a date
// (the first to insert its scheduled_runs row), and the job only enqueues an outbox notification in that
// same transaction, so a crash or a restart neither loses nor repeats it.
import type { PrismaClient } from '../db/prisma.js';
import { enqueueDrafts } from '../outbox/enqueue.js';
import type { Logger } from '../logger.js';
import { DIGEST_JOB, digestDateAt } from './digest-schedule.js';

export interface SchedulerOptions {
  prisma: PrismaClient;
  logger: Logger;
  clock?: () => Date;
  pollMs?: number;
  /** Called when a job enqueued work, so that the outbox delivers it now. */
  onEnqueued?: () => void;
}

export interface Scheduler {
  /** Runs what is due now; resolves to the jobs this process ran. */
  tick(): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

export function createScheduler({ prisma, logger, clock = () => new Date(), pollMs = 30_000, onEnqueued }: SchedulerOptions): Scheduler {
  const log = logger.child({ component: 'scheduler' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  /** Claims (job, date) for this process and enqueues its notification; false if another process did. */
  async function runOnce(job: string, date: string, kind: 'digest'): Promise<boolean> {
    return prisma.$transaction(async (tx) => {
      const claimed = await tx.scheduledRun.createMany({ data: [{ job, runDate: new Date(`${date}T00:00:00Z`) }], skipDuplicates: true });
      if (claimed.count !== 1) return false;
      await enqueueDrafts(tx, null, [{ stream: `${job}:${date}`, kind, payload: { date } }]);
      return true;
    });
  }

  async function tick(): Promise<string[]> {
    const date = digestDateAt(clock());
    if (!date || !(await runOnce(DIGEST_JOB, date, 'digest'))) return [];
    log.info({ job: DIGEST_JOB, date }, 'daily digest enqueued');
    onEnqueued?.();
    return [DIGEST_JOB];
  }

  function loop(): void {
    running = tick()
      .catch((error: Error) => log.warn({ err: error.message }, 'scheduler tick failed; will try at the next one'))
      .finally(() => {
        if (timer) timer = setTimeout(loop, pollMs);
      });
  }

  return {
    tick,
    start() {
      timer = setTimeout(loop, 0);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
