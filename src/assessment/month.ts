/** A month of the assessment: 'YYYY-MM', its local bounds and its neighbours. Pure. */
import { startOfLocalDay } from '../requests/deadlines.js';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const firstDayOf = (month: string) => `${month}-01`;

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** [start, end) of the month in the jurisdiction's time zone. */
export const boundsOf = (month: string, tz: string): { from: Date; to: Date } => ({
  from: startOfLocalDay(firstDayOf(month), tz),
  to: startOfLocalDay(firstDayOf(addMonths(month, 1)), tz),
});

/** The month a local date ('YYYY-MM-DD') falls in. */
export const monthOf = (date: string) => date.slice(0, 7);

/**
 * A month is closed (its scores frozen) once `close_after_days` whole days of the next month have passed:
 * follow-ups of the month's last requests arrive in the first days of the next.
 */
export function isClosed(month: string, today: string, close_after_days: number): boolean {
  const next = addMonths(month, 1);
  const [y, m] = next.split('-').map(Number) as [number, number];
  const close = new Date(Date.UTC(y, m - 1, 1 + close_after_days)).toISOString().slice(0, 10);
  return today >= close;
}
