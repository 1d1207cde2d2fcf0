// When a step is due: its target in business days, counted from the day the case arrived there.
import { addBusinessDays, endOfTokyoDay } from './business-days.js';
import type { StepDecl } from './types.js';

export interface Deadline {
  /** The Tokyo date the step is due (YYYY-MM-DD). */
  date: string;
  /** The moment it becomes overdue: the end of that day in Japan. */
  overdueAt: Date;
}

export function deadlineOf(step: StepDecl, arrivedAt: Date): Deadline | undefined {
  if (!step.targetDays) return undefined;
  const date = addBusinessDays(arrivedAt, step.targetDays);
  return { date, overdueAt: new Date(endOfTokyoDay(date).getTime() + 1) };
}
