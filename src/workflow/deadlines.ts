// When a step is due: its target in business days, counted from the day the case arrived there.
import { addBusinessDays, endOfTokyoDay } from './business-days.js';
import type { StepDecl } from './types.js';

export interface Deadline {
  /** The Tokyo date the step is due (YYYY-MM-DD). */
  date: string;
  /** The moment it becomes overdue: the end of that day in Japan. */
  overdueAt: Date;
}

function deadlineOf(step: StepDecl, arrivedAt: Date): Deadline | undefined {
  if (!step.targetDays) return undefined;
  const date = addBusinessDays(arrivedAt, step.targetDays);
  return { date, overdueAt: new Date(endOfTokyoDay(date).getTime() + 1) };
}

/** The clock of the step a case is at after a transition. */
export interface StepClock {
  /** When the case arrived at the step. */
  since: Date;
  deadline?: Deadline;
}

/**
 * A case that stays at its step (a proposal, a link) keeps the clock it had; one that reaches another
 * step starts a new one now.
 */
export function stepClock(step: StepDecl, now: Date, previous?: { step: string; stepSince: Date }): StepClock {
  const since = previous && previous.step === step.code ? previous.stepSince : now;
  return { since, deadline: deadlineOf(step, since) };
}

/**
 * The deadline whose overdue reminder a transition schedules. A case that stays at its step keeps its
 * deadline and gets its reminder again (the earlier one names the old version and is moot), unless
 * that deadline has passed and was told already.
 */
export function reminderDeadline(clock: StepClock, now: Date): Deadline | undefined {
  return clock.deadline && (clock.since === now || clock.deadline.overdueAt > now) ? clock.deadline : undefined;
}

/** How a case stands against its deadline, as Home and the daily digest group it. */
export type DeadlineStanding = 'overdue' | 'due_soon' | 'other';

/** "Due soon" reaches this many business days ahead (today's deadline included). */
const DUE_SOON_BUSINESS_DAYS = 2;

/** The last Tokyo date that still counts as due soon. */
export function dueSoonUntil(now: Date): string {
  return addBusinessDays(now, DUE_SOON_BUSINESS_DAYS);
}

export function deadlineStanding(c: { dueDate: string | null; overdueAt: Date | null }, now: Date): DeadlineStanding {
  if (!c.dueDate || !c.overdueAt) return 'other';
  if (c.overdueAt <= now) return 'overdue';
  return c.dueDate <= dueSoonUntil(now) ? 'due_soon' : 'other';
}
