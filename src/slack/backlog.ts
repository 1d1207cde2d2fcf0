// A bound on the work acknowledged but not yet done. Slack is acknowledged before the database work of
// a click or a status, so a flood of requests would otherwise pile up in memory faster than Postgres
// takes it. Past the bound, an acknowledgement waits for a place, but never so long that Slack's 3 s
// would be at risk: after `maxWaitMs` it goes ahead anyway.
export interface Backlog {
  /** Takes a place (waiting for one while the backlog is full, at most maxWaitMs); returns its release. */
  enter(): Promise<() => void>;
  /** Work in hand now. */
  readonly size: number;
}

export function createBacklog(limit: number, maxWaitMs: number): Backlog {
  let size = 0;
  const waiting: (() => void)[] = [];

  function wait(): Promise<void> {
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        const at = waiting.indexOf(go);
        if (at >= 0) waiting.splice(at, 1);
        resolve();
      };
      const timer = setTimeout(go, maxWaitMs);
      waiting.push(go);
    });
  }

  return {
    async enter() {
      if (size >= limit) await wait();
      size++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        size--;
        waiting[0]?.();
      };
    },
    get size() {
      return size;
    },
  };
}
