import { describe, expect, it } from 'vitest';
import { backoffMs, classifyFailure } from '../../src/outbox/retry-policy.js';

const slackError = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('the retry policy', () => {
  it.each(['channel_not_found', 'not_in_channel', 'invalid_auth', 'is_archived'])('gives up at once on %s', (error) => {
    expect(classifyFailure(slackError(error))).toEqual({ permanent: true, message: error });
  });

  it('gives up at once when the mail server refuses for good, and retries a temporary refusal', () => {
    expect(classifyFailure(Object.assign(new Error('550 no such user'), { responseCode: 550 })).permanent).toBe(true);
    expect(classifyFailure(Object.assign(new Error('451 try later'), { responseCode: 451 })).permanent).toBe(false);
  });

  it('retries other errors, and honours Retry-After', () => {
    expect(classifyFailure(slackError('internal_error')).permanent).toBe(false);
    expect(classifyFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).permanent).toBe(false);
    expect(classifyFailure(Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 7 }))).toMatchObject({ permanent: false, retryAfterMs: 7000 });
  });

  it('backs off exponentially with jitter, up to a cap', () => {
    const options = { baseMs: 1000, capMs: 60_000 };
    expect(backoffMs(1, { ...options, random: () => 0 })).toBe(500);
    expect(backoffMs(1, { ...options, random: () => 1 })).toBe(1000);
    expect(backoffMs(4, { ...options, random: () => 1 })).toBe(8000);
    expect(backoffMs(4, { ...options, random: () => 0 })).toBe(4000);
    expect(backoffMs(30, { ...options, random: () => 1 })).toBe(60_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(5, options)));
    expect(spread.size).toBeGreaterThan(10);
    for (const v of spread) expect(v).toBeGreaterThanOrEqual(8000), expect(v).toBeLessThanOrEqual(16_000);
  });
});
