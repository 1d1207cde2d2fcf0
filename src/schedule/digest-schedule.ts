// When the daily digest is due: 09:00 in Tokyo, on business days only. Pure.
import { isBusinessDay, tokyoDate } from '../workflow/business-days.js';

export const DIGEST_JOB = 'daily_digest';
const DIGEST_HOUR_JST = 9;

/**
 * The Tokyo date whose digest is due at `now`, or undefined before 09:00 and on days off. A bot that was
 * down at 09:00 sends the day's digest when it comes back that day; a missed day is not sent later.
 */
export function digestDateAt(now: Date): string | undefined {
  const date = tokyoDate(now);
  const tokyoHour = new Date(now.getTime() + 9 * 3_600_000).getUTCHours();
  return tokyoHour >= DIGEST_HOUR_JST && isBusinessDay(date) ? date : undefined;
}
