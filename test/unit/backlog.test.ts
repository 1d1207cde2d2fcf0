import { describe, expect, it } from 'vitest';
import { createBacklog, type Backlog, type BacklogLimits } from '../../src/slack/backlog.js';

const LIMITS: BacklogLimits = { limit: 2, maxWaitMs: 10_000, concurrency: 8, quietMs: 0, maxDelayMs: 1_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noErrors = (error: Error) => {
  throw error;
};

/** A piece of work that ends when told to. */
function work() {
  let end!: () => void;
  const done = new Promise<void>((resolve) => (end = resolve));
  const piece = { started: false, end: () => end(), run: async () => ((piece.started = true), done) };
  return piece;
}

/** Two requests in a row: the first's work finds the backlog idle and starts; the second's is part of a burst. */
async function burstOfTwo(backlog: Backlog) {
  const first = work();
  const second = work();
  for (const piece of [first, second]) {
    backlog.arrived();
    (await backlog.enter()).run(piece.run);
  }
  return { first, second };
}

describe('the backlog of acknowledged work', () => {
  it('holds up to its limit, and admits the next acknowledgement when a piece of work ends', async () => {
    const backlog = createBacklog(LIMITS, noErrors);
    const a = work();
    (await backlog.enter()).run(a.run);
    (await backlog.enter()).run(work().run);
    let third = false;
    const entering = backlog.enter().then((place) => ((third = true), place));
    await sleep(20);
    expect(third).toBe(false);
    a.end();
    await entering;
    expect(third).toBe(true);
    expect(backlog.size).toBe(2);
  });

  it('frees a place given up without work, once', async () => {
    const backlog = createBacklog({ ...LIMITS, limit: 1 }, noErrors);
    const place = await backlog.enter();
    place.release();
    place.release();
    expect(backlog.size).toBe(0);
    place.run(work().run); // a released place takes no work
    await sleep(5);
    expect(backlog.size).toBe(0);
  });

  it('never holds an acknowledgement longer than its maximum wait', async () => {
    const backlog = createBacklog({ ...LIMITS, limit: 1, maxWaitMs: 50 }, noErrors);
    (await backlog.enter()).run(work().run);
    const started = Date.now();
    await backlog.enter();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(backlog.size).toBe(2);
  });

  it('starts a lone piece of work at once, however recently requests arrived', async () => {
    const backlog = createBacklog({ ...LIMITS, quietMs: 1_000, maxDelayMs: 5_000 }, noErrors);
    const a = work();
    backlog.arrived();
    (await backlog.enter()).run(a.run);
    expect(a.started).toBe(true);
    a.end();
    await sleep(5);
    // The next one of a client that waits for each answer: alone again.
    const b = work();
    backlog.arrived();
    (await backlog.enter()).run(b.run);
    expect(b.started).toBe(true);
    b.end();
  });

  it('starts work of a burst only once requests pause, and the outbox takes its turn with it', async () => {
    const backlog = createBacklog({ ...LIMITS, quietMs: 40, maxDelayMs: 5_000 }, noErrors);
    const { first, second: a } = await burstOfTwo(backlog);
    expect(first.started).toBe(true);
    let outboxTurn = false;
    void backlog.turn().then(() => (outboxTurn = true));
    // Requests keep arriving every 10 ms: nothing starts.
    for (let i = 0; i < 6; i++) {
      await sleep(10);
      backlog.arrived();
    }
    expect(a.started).toBe(false);
    expect(outboxTurn).toBe(false);
    await sleep(80);
    expect(a.started).toBe(true);
    expect(outboxTurn).toBe(true);
    first.end();
    a.end();
  });

  it('starts work that has waited its longest even while requests keep arriving', async () => {
    const backlog = createBacklog({ ...LIMITS, quietMs: 1_000, maxDelayMs: 60 }, noErrors);
    const { first, second: a } = await burstOfTwo(backlog);
    const arriving = setInterval(() => backlog.arrived(), 5);
    try {
      await sleep(30);
      expect(a.started).toBe(false);
      await sleep(80);
      expect(a.started).toBe(true);
    } finally {
      clearInterval(arriving);
      first.end();
      a.end();
    }
  });

  it('runs at most `concurrency` pieces at once, the oldest first', async () => {
    const backlog = createBacklog({ ...LIMITS, limit: 10, concurrency: 2 }, noErrors);
    const pieces = [work(), work(), work()];
    for (const p of pieces) (await backlog.enter()).run(p.run);
    await sleep(5);
    expect(pieces.map((p) => p.started)).toEqual([true, true, false]);
    pieces[1]!.end();
    await sleep(5);
    expect(pieces[2]!.started).toBe(true);
    pieces[0]!.end();
    pieces[2]!.end();
  });

  it('reports work that failed after its acknowledgement, and frees its place', async () => {
    const failures: string[] = [];
    const backlog = createBacklog(LIMITS, (error) => failures.push(error.message));
    (await backlog.enter()).run(async () => {
      throw new Error('the database is gone');
    });
    await sleep(5);
    expect(failures).toEqual(['the database is gone']);
    expect(backlog.size).toBe(0);
  });

  it('lets running work take its turns while more work waits for a place to run in', async () => {
    const backlog = createBacklog({ ...LIMITS, limit: 10, concurrency: 1 }, noErrors);
    const steps: string[] = [];
    // The running piece waits for its turn between two statements, with another piece queued behind it.
    (await backlog.enter()).run(async () => {
      steps.push('first: one');
      await backlog.turn();
      steps.push('first: two');
    });
    (await backlog.enter()).run(async () => void steps.push('second'));
    await sleep(20);
    expect(steps).toEqual(['first: one', 'first: two', 'second']);
  });
});
