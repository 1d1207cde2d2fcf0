// How a mail source reads: one round at a time, in order. Any number of reasons for a round (a poll, an
// IDLE notice, a reconnect) that come while one is waiting to start make one round, and a round that
// fails leaves what it did not take for the next. A round run in the background is followed by another
// when one is due: after a pause that grows while rounds keep failing (an outage), or when a message
// that failed is due for its next try.

export interface Rounds {
  /** Runs a round after the ones before it; rejects as that round does. */
  pollOnce(): Promise<number>;
  /** Asks for a round in the background, unless one is already waiting to start. */
  queue(): void;
  /** Resolves when the round under way (if any) has ended. */
  settled(): Promise<unknown>;
  /** Schedules no further rounds by itself until the next queue(). */
  stop(): void;
}

export interface RoundsOptions {
  onError: (error: unknown) => void;
  /** After a round: milliseconds until a waiting message is due, or undefined when none waits. */
  nextDueInMs?: () => number | undefined;
  /** After a failed round: the first pause before the next, doubled up to `maxMs` while rounds keep failing. */
  retry?: { firstMs: number; maxMs: number };
}

const DEFAULT_RETRY = { firstMs: 1_000, maxMs: 30_000 };

export function createRounds(round: () => Promise<number>, options: RoundsOptions): Rounds {
  const retry = options.retry ?? DEFAULT_RETRY;
  let last: Promise<unknown> = Promise.resolve();
  let queued = false;
  let stopped = false;
  let failedPauseMs = retry.firstMs;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;

  function pollOnce(): Promise<number> {
    const next = last.then(() => {
      queued = false;
      return round();
    });
    last = next.catch(() => undefined);
    return next;
  }

  /** One timer, for the soonest round due. */
  function roundIn(ms: number | undefined): void {
    if (stopped || ms === undefined || Date.now() + ms >= timerAt) return;
    clearTimeout(timer);
    timerAt = Date.now() + ms;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      queue();
    }, ms);
  }

  function queue(): void {
    stopped = false;
    if (queued) return;
    queued = true;
    pollOnce().then(
      () => {
        failedPauseMs = retry.firstMs;
        roundIn(options.nextDueInMs?.());
      },
      (error: unknown) => {
        options.onError(error);
        roundIn(failedPauseMs);
        failedPauseMs = Math.min(failedPauseMs * 2, retry.maxMs);
      },
    );
  }

  return {
    pollOnce,
    queue,
    settled: () => last,
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
    },
  };
}
