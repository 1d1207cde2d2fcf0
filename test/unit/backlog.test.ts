import { describe, expect, it } from 'vitest';
import { createBacklog } from '../../src/slack/backlog.js';

describe('the backlog of acknowledged work', () => {
  it('admits up to its limit at once, and the next one when a place is released', async () => {
    const backlog = createBacklog(2, 10_000);
    const a = await backlog.enter();
    await backlog.enter();
    let third = false;
    const entering = backlog.enter().then((release) => ((third = true), release));
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    a();
    a(); // a second release of the same place changes nothing
    await entering;
    expect(third).toBe(true);
    expect(backlog.size).toBe(2);
  });

  it('never holds an acknowledgement longer than its maximum wait', async () => {
    const backlog = createBacklog(1, 50);
    await backlog.enter();
    const started = Date.now();
    await backlog.enter();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(backlog.size).toBe(2);
  });
});
