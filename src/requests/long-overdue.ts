/**
 * 严重超期: a request waiting far beyond its reply deadline — more than LONG_OVERDUE_WORKING_DAYS working days
 * after the day of its deadline (counted on the jurisdiction's working-day calendar, as deadlines are). Pure.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { localDate, startOfLocalDay, workingDaysBetween } from './deadlines.js';

export const LONG_OVERDUE_WORKING_DAYS = 5;

const previousDate = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The instant before which a deadline is more than `n` working days past at `now`: a deadline is long overdue
 * exactly when it is earlier than this (the start of the local day on which, counting back from today, the
 * (n+1)-th working day falls). A calendar with no working day in ten years gives the earliest instant.
 */
export function longOverdueBefore(
  now: Date,
  tz: string,
  cal: WorkingCalendar,
  n = LONG_OVERDUE_WORKING_DAYS,
): Date {
  let day = localDate(now, tz);
  let counted = 0;
  for (let i = 0; i < 3660; i++, day = previousDate(day)) {
    if (cal.isWorkingDay(day)) counted++;
    if (counted > n) return startOfLocalDay(day, tz);
  }
  return new Date(0);
}

/** Whether a deadline is more than `n` working days past at `now` (the definition the instant above follows). */
export const isLongOverdue = (
  deadline: Date,
  now: Date,
  tz: string,
  cal: WorkingCalendar,
  n = LONG_OVERDUE_WORKING_DAYS,
) => deadline.getTime() < now.getTime() && workingDaysBetween(deadline, now, tz, cal) > n;
