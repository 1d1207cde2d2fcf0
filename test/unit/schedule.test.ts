// The daily digest's schedule and the deadline groups of Home and the digest, on a fixed clock.
import { describe, expect, it } from 'vitest';
import { digestDateAt } from '../../src/schedule/digest-schedule.js';
import { deadlineStanding, dueSoonUntil, stepClock } from '../../src/workflow/deadlines.js';
import { stepByCode } from '../../src/workflow/steps.js';
import { usageProcedure } from '../../src/workflow/procedures/usage.js';

/** A moment given in Tokyo time. */
const jst = (local: string) => new Date(`${local}+09:00`);

describe('the daily digest schedule', () => {
  it('is due from 09:00 Tokyo time on a business day, not before', () => {
    expect(digestDateAt(jst('2026-11-30T08:59:59'))).toBeUndefined();
    expect(digestDateAt(jst('2026-11-30T09:00:00'))).toBe('2026-11-30');
    expect(digestDateAt(jst('2026-11-30T23:59:00'))).toBe('2026-11-30');
    // 00:30 UTC is 09:30 in Tokyo: the server's own clock does not matter.
    expect(digestDateAt(new Date('2026-11-30T00:30:00Z'))).toBe('2026-11-30');
  });

  it('skips weekends, public holidays and a holiday week', () => {
    expect(digestDateAt(jst('2026-11-28T09:30:00'))).toBeUndefined(); // Saturday
    expect(digestDateAt(jst('2026-11-23T09:30:00'))).toBeUndefined(); // 勤労感謝の日 (Monday)
    for (const day of ['2026-05-04', '2026-05-05', '2026-05-06']) expect(digestDateAt(jst(`${day}T09:30:00`))).toBeUndefined(); // Golden Week
    expect(digestDateAt(jst('2026-05-07T09:30:00'))).toBe('2026-05-07');
  });

  it('skips the government year-end closure, 12/29 to 1/3', () => {
    expect(digestDateAt(jst('2026-12-28T09:30:00'))).toBe('2026-12-28');
    for (const day of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']) expect(digestDateAt(jst(`${day}T10:00:00`))).toBeUndefined();
    expect(digestDateAt(jst('2027-01-04T09:00:00'))).toBe('2027-01-04');
  });
});

describe('deadline standing', () => {
  const due = (date: string) => ({ dueDate: date, overdueAt: new Date(jst(`${date}T23:59:59.999`).getTime() + 1) });

  it('is overdue from the end of the due day in Tokyo', () => {
    expect(deadlineStanding(due('2026-11-27'), jst('2026-11-27T23:59:00'))).toBe('due_soon');
    expect(deadlineStanding(due('2026-11-27'), jst('2026-11-28T00:00:00'))).toBe('overdue');
  });

  it('is due soon within two business days, counting over weekends and holidays', () => {
    // Friday 11/20: two business days later is Tuesday 11/24, since Monday 11/23 is a holiday.
    expect(dueSoonUntil(jst('2026-11-20T10:00:00'))).toBe('2026-11-25');
    expect(deadlineStanding(due('2026-11-25'), jst('2026-11-20T10:00:00'))).toBe('due_soon');
    expect(deadlineStanding(due('2026-11-26'), jst('2026-11-20T10:00:00'))).toBe('other');
    // Over the year-end closure: from Monday 12/28, two business days reach Tuesday 1/5.
    expect(dueSoonUntil(jst('2026-12-28T10:00:00'))).toBe('2027-01-05');
  });

  it('is "other" for a step without a target', () => {
    expect(deadlineStanding({ dueDate: null, overdueAt: null }, new Date())).toBe('other');
  });
});

describe('the step clock', () => {
  const review = stepByCode(usageProcedure, '(2)-b');
  const arrived = jst('2026-11-20T10:00:00');
  const later = jst('2026-11-26T10:00:00');

  it('keeps running while a case stays at its step', () => {
    expect(stepClock(review, later, { step: '(2)-b', stepSince: arrived })).toMatchObject({ since: arrived, deadline: { date: '2026-11-30' } });
  });

  it('starts again at a new step', () => {
    expect(stepClock(review, later, { step: '(2)-a', stepSince: arrived }).since).toBe(later);
  });
});
