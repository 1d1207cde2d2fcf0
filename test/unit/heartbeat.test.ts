// The heartbeat's timer and its own judgement of whether it is fresh enough to deliver (issue #12).
import { describe, expect, it } from 'vitest';
import { createHeartbeat, type HeartbeatStore } from '../../src/outbox/heartbeat.js';
import { createLogger } from '../../src/logger.js';

function fakeStore() {
  const store = {
    beats: 0,
    forgotten: 0,
    /** While set, beats hang (a database that does not answer). */
    hang: false,
    async beat() {
      store.beats++;
      if (store.hang) await new Promise(() => {});
    },
    async forget() {
      store.forgotten++;
    },
    async sweep() {
      return 0;
    },
  };
  return store satisfies HeartbeatStore & Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('heartbeat', () => {
  it('beats before the work starts and then on a timer for as long as the work runs, even while it waits on I/O', async () => {
    const store = fakeStore();
    const heartbeat = createHeartbeat({ store, workerId: 'w', logger: createLogger('silent'), beatMs: 40, deadAfterMs: 200 });
    let beatsAtStart = -1;
    await heartbeat.during(async () => {
      beatsAtStart = store.beats;
      await sleep(250);
    });
    expect(beatsAtStart).toBe(1);
    expect(store.beats).toBeGreaterThanOrEqual(5);
    const after = store.beats;
    await sleep(120);
    expect(store.beats).toBe(after); // no work, no beats
    await heartbeat.forget();
    expect(store.forgotten).toBe(1);
  });

  it('is not fresh once its beats stop landing, a beat period before others count it dead', async () => {
    const store = fakeStore();
    const heartbeat = createHeartbeat({ store, workerId: 'w', logger: createLogger('silent'), beatMs: 40, deadAfterMs: 200 });
    await heartbeat.during(async () => {
      expect(heartbeat.fresh()).toBe(true);
      store.hang = true;
      await sleep(120);
      expect(heartbeat.fresh()).toBe(true);
      await sleep(80);
      expect(heartbeat.fresh()).toBe(false);
    });
    expect(store.beats).toBeLessThanOrEqual(3); // a hanging beat is not stacked up behind another
  });

  it('refuses a dead-after shorter than two beats', () => {
    expect(() => createHeartbeat({ store: fakeStore(), workerId: 'w', logger: createLogger('silent'), beatMs: 1_000, deadAfterMs: 1_500 })).toThrow(/twice/);
  });
});
