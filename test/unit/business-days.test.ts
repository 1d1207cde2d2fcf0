import { describe, expect, it } from 'vitest';
import { addBusinessDays, endOfTokyoDay, isBusinessDay, tokyoDate } from '../../src/workflow/business-days.js';

const at = (iso: string) => new Date(iso);

describe('business days', () => {
  it('skip weekends', () => {
    // Friday 2026-11-27 (JST) + 1 business day = Monday 2026-11-30.
    expect(addBusinessDays(at('2026-11-27T01:00:00Z'), 1)).toBe('2026-11-30');
    expect(isBusinessDay('2026-11-28')).toBe(false);
  });

  it('skip a holiday week (Golden Week 2026)', () => {
    // 4/29 昭和の日 (Wed), 5/3–5/6 憲法記念日・みどりの日・こどもの日・振替休日.
    expect(isBusinessDay('2026-04-29')).toBe(false);
    expect(isBusinessDay('2026-05-06')).toBe(false);
    expect(addBusinessDays(at('2026-04-28T01:00:00Z'), 3)).toBe('2026-05-07');
  });

  it('skip the government year-end closure, 12/29 to 1/3', () => {
    for (const d of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']) expect(isBusinessDay(d)).toBe(false);
    // Monday 2026-12-28 + 1 = Monday 2027-01-04.
    expect(addBusinessDays(at('2026-12-28T01:00:00Z'), 1)).toBe('2027-01-04');
  });

  it('count days in Japan time, whatever the server clock', () => {
    // 23:30 UTC on Sunday is already Monday morning in Tokyo.
    expect(tokyoDate(at('2026-11-29T23:30:00Z'))).toBe('2026-11-30');
    expect(endOfTokyoDay('2026-11-30').toISOString()).toBe('2026-11-30T14:59:59.999Z');
  });
});
