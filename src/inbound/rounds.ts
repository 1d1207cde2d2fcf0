// How a mail source reads: one round at a time, in order. Any number of reasons for a round (a poll, an
// IDLE notice, a reconnect) that come while one is waiting to start make one round, and a round that
// fails leaves what it did not take for the next.

export interface Rounds {
  /** Runs a round after the ones before it; rejects as that round does. */
  pollOnce(): Promise<number>;
  /** Asks for a round in the background, unless one is already waiting to start. */
  queue(): void;
  /** Resolves when the round under way (if any) has ended. */
  settled(): Promise<unknown>;
}

export function createRounds(round: () => Promise<number>, onError: (error: unknown) => void): Rounds {
  let last: Promise<unknown> = Promise.resolve();
  let queued = false;
  function pollOnce(): Promise<number> {
    const next = last.then(() => {
      queued = false;
      return round();
    });
    last = next.catch(() => undefined);
    return next;
  }
  return {
    pollOnce,
    queue() {
      if (queued) return;
      queued = true;
      pollOnce().catch(onError);
    },
    settled: () => last,
  };
}
