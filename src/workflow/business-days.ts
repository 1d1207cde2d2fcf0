// Japanese business days, as the agency counts them: no weekends, no public holidays (from the
// maintained @holiday-jp/holiday_jp calendar), and not the government's year-end closure 12/29–1/3.
import holidayJp from '@holiday-jp/holiday_jp';

const DAY_MS = 86_400_000;
const TOKYO_OFFSET_MS = 9 * 3_600_000;

/** The calendar date in Tokyo of a moment, as YYYY-MM-DD. */
export function tokyoDate(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

export function isBusinessDay(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = date.slice(5);
  if (monthDay >= '12-29' || monthDay <= '01-03') return false;
  return !(date in holidayJp.holidays);
}

/** The date `days` business days after the Tokyo date of `from` (the day itself does not count). */
export function addBusinessDays(from: Date, days: number): string {
  let date = tokyoDate(from);
  for (let left = days; left > 0; ) {
    date = new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
    if (isBusinessDay(date)) left--;
  }
  return date;
}

/** The end of a Tokyo date (23:59:59.999 JST), when a deadline on that date has passed. */
export function endOfTokyoDay(date: string): Date {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS - TOKYO_OFFSET_MS - 1);
}
