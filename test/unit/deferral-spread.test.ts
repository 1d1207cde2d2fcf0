import { describe, expect, it } from 'vitest';
import { createDeferralSpread, shortestInterval } from '../../src/outbox/deferral-spread.js';

describe('notifications turned away by pacing', () => {
  const now = Date.parse('2026-12-06T03:00:00Z');
  const slot = new Date(now + 1_500);

  it('come back one slot apart when turned away for the same channel at once', () => {
    const spread = createDeferralSpread(1_000);
    const times = [1, 2, 3].map(() => spread('chat.postMessage:C1 is paced', slot, now).getTime() - now);
    expect(times).toEqual([1_500, 2_500, 3_500]);
  });

  it('keep each channel in its own line', () => {
    const spread = createDeferralSpread(1_000);
    spread('chat.postMessage:C1 is paced', slot, now);
    expect(spread('chat.postMessage:C2 is paced', slot, now)).toEqual(slot);
  });

  it('start the line again once its last time has passed, and never come back before the slot the pacer named', () => {
    const spread = createDeferralSpread(1_000);
    spread('chat.postMessage:C1 is paced', slot, now);
    const later = new Date(now + 10_000);
    expect(spread('chat.postMessage:C1 is paced', later, now + 9_000)).toEqual(later);
    expect(spread('chat.postMessage:C1 is paced', new Date(now + 9_500), now + 9_000).getTime()).toBe(now + 11_000);
  });
});

describe('the slot to spread by', () => {
  it('is the shortest interval the pacer keeps, and none without one', () => {
    expect(shortestInterval({ 'chat.postMessage': 1_000, 'chat.update': 1_200 })).toBe(1_000);
    expect(shortestInterval({})).toBeUndefined();
  });
});
