// Where a notification that pacing turned away goes back in line. The pacer names the next free slot of
// its channel, the same slot for every notification it turns away at that moment: rescheduled there, a
// backlog of hundreds in one channel (a flood of clicks replies in one reviewer channel) came back all
// at once, filled every claim, and was turned away again, while mails and other channels waited behind
// it (measured: docs/benchmarks.md, "The acknowledgement study"). Spread one slot apart, each comes back
// about when its turn is due.
export type DeferralSpread = (pacedKey: string, until: Date, now?: number) => Date;

export function createDeferralSpread(slotMs: number): DeferralSpread {
  /** Per paced key (a method and channel), the latest time handed out. */
  const latest = new Map<string, number>();
  return (pacedKey, until, now = Date.now()) => {
    if (latest.size > 1_000) for (const [key, at] of latest) if (at < now) latest.delete(key);
    const previous = latest.get(pacedKey);
    const at = previous === undefined || previous < now ? until.getTime() : Math.max(until.getTime(), previous + slotMs);
    latest.set(pacedKey, at);
    return new Date(at);
  };
}

/** The slot to spread by: the shortest interval the pacer keeps (none when it paces nothing). */
export function shortestInterval(intervals: Record<string, number>): number | undefined {
  const values = Object.values(intervals);
  return values.length ? Math.min(...values) : undefined;
}
