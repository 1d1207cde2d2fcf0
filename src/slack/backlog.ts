// The work Slack has been acknowledged for but that is not yet done (a click's transaction, a status
// answer), and the outbox's deliveries: both give way to acknowledgements. Slack waits for an
// acknowledgement; it does not wait for the work. While requests are arriving, work that could start
// waits, so that the event loop and the database serve the acknowledgements first; it starts once
// requests pause for `quietMs`, or once it has waited `maxDelayMs` (so that a steady stream of requests
// never starves it). Work that finds no other work waiting or running starts at once: a person's lone
// click or status, and each of a client's requests made one after another, are answered without the
// pause. Measured in docs/benchmarks.md ("Acknowledgements").
//
// A piece of work is held as a small closure over what it needs, not as Bolt's pending request (that
// held the request, its body and its promise chain, about 30 KB each). At most `limit` are held; past
// that, an acknowledgement waits for a place, but never so long that Slack's 3 s would be at risk: after
// `maxWaitMs` it goes ahead anyway.

export interface BacklogLimits {
  /** Pieces of work held, waiting or running. */
  limit: number;
  /** The longest an acknowledgement waits for a place. */
  maxWaitMs: number;
  /** Pieces of work running at once. */
  concurrency: number;
  /** How long requests must pause before work starts. */
  quietMs: number;
  /** The longest work waits for requests to pause. */
  maxDelayMs: number;
}

/**
 * Held by the thousand the pieces fit in a few megabytes; eight run at once, about the database pool.
 * 100 ms without a request is a pause: longer than a burst of 32 takes to acknowledge, so that bursts
 * that come back within tens of milliseconds meet none of the work (at 10 and 50 ms the work started in
 * those gaps and ran into the next burst: docs/benchmarks.md), and short beside what a person notices.
 * Two seconds is the longest any work waits for one; a click whose work opens a form after its trigger
 * (3 s) has run out tells the clicker to press again (case-action.ts).
 */
export const DEFAULT_BACKLOG: BacklogLimits = { limit: 1_024, maxWaitMs: 1_000, concurrency: 8, quietMs: 100, maxDelayMs: 2_000 };

export interface Place {
  /** Queues the work in this place; it runs when its turn comes, and the place is freed when it ends. */
  run(work: () => Promise<void>): void;
  /** Gives the place up without work (the acknowledgement failed). */
  release(): void;
}

export interface Backlog {
  /** A request has arrived: work waits for requests to pause. */
  arrived(): void;
  /** Takes a place for a request's work (waiting while the backlog is full, at most maxWaitMs). */
  enter(): Promise<Place>;
  /**
   * Resolves when other work may go on (the outbox's next claim or delivery): when requests pause, or
   * after maxDelayMs. Never waits for a place to run in: what takes turns is not held up by work waiting
   * to start.
   */
  turn(): Promise<void>;
  /** Pieces of work held now, waiting or running. */
  readonly size: number;
}

interface Waiting {
  since: number;
  start: () => void;
  /** Work that found the backlog idle (a lone request, not one of a burst): it need not wait for a pause. */
  alone?: boolean;
}

/** Told of work that failed without reporting it itself (a listener's own failure, after the acknowledgement). */
export type OnWorkError = (error: Error) => void;

export function createBacklog(limits: BacklogLimits, onError: OnWorkError, now: () => number = () => performance.now()): Backlog {
  let size = 0;
  let running = 0;
  let lastArrival = -Infinity;
  /** Acknowledgements waiting for a place. */
  const places: (() => void)[] = [];
  /** Work waiting for its turn, oldest first; it also waits for one of the `concurrency` places to run in. */
  const jobs: Waiting[] = [];
  /** Others waiting for their turn (a statement, an outbox claim): only for requests to pause. */
  const turns: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;

  /** Starts what may start now, and wakes again when the next may. */
  function pump(): void {
    clearTimeout(timer);
    timer = undefined;
    const at = now();
    const quietAt = lastArrival + limits.quietMs;
    const due = (w: Waiting) => w.alone || at >= quietAt || at - w.since >= limits.maxDelayMs;
    while (turns.length > 0 && due(turns[0]!)) turns.shift()!.start();
    while (jobs.length > 0 && running < limits.concurrency && due(jobs[0]!)) jobs.shift()!.start();
    const oldest = [turns[0], running < limits.concurrency ? jobs[0] : undefined].filter((w) => w !== undefined);
    if (oldest.length > 0) {
      const next = Math.min(quietAt, ...oldest.map((w) => w.since + limits.maxDelayMs));
      timer = setTimeout(pump, Math.max(1, Math.ceil(next - at)));
      timer.unref();
    }
  }

  function freePlace(): void {
    size--;
    places.shift()?.();
  }

  function waitForPlace(): Promise<void> {
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(giveUp);
        const at = places.indexOf(go);
        if (at >= 0) places.splice(at, 1);
        resolve();
      };
      const giveUp = setTimeout(go, limits.maxWaitMs);
      places.push(go);
    });
  }

  return {
    arrived() {
      lastArrival = now();
    },

    async enter() {
      if (size >= limits.limit) await waitForPlace();
      size++;
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        freePlace();
      };
      return {
        run(work) {
          if (done) return;
          jobs.push({
            since: now(),
            alone: running === 0 && jobs.length === 0,
            start: () => {
              running++;
              void work()
                .catch((error: Error) => onError(error))
                .finally(() => {
                  running--;
                  end();
                  pump();
                });
            },
          });
          pump();
        },
        release: end,
      };
    },

    turn() {
      return new Promise<void>((resolve) => {
        turns.push({ since: now(), start: resolve });
        pump();
      });
    },

    get size() {
      return size;
    },
  };
}
