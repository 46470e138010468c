/**
 * Quiet hours: no SMS between 22:00 and 08:00 local time unless the request is urgent. A message due in them is
 * deferred to their end, never dropped. Pure.
 */
import { localDate, nextDate, startOfLocalDay, zonedFormat } from '../requests/deadlines.js';

export type QuietHours = { startHour: number; endHour: number };

export const QUIET_HOURS: QuietHours = { startHour: 22, endHour: 8 };

const HOUR = 3_600_000;

function localHour(at: Date, tz: string): number {
  const hour = zonedFormat(tz)
    .formatToParts(at)
    .find((p) => p.type === 'hour');
  return Number(hour!.value);
}

/** When a message due at `at` may be sent: `at` itself, or the end of the quiet hours it falls in. */
export function sendableAt(at: Date, tz: string, opts: { urgent: boolean; quiet?: QuietHours }): Date {
  const { startHour, endHour } = opts.quiet ?? QUIET_HOURS;
  if (opts.urgent) return at;
  const hour = localHour(at, tz);
  const today = localDate(at, tz);
  const inQuiet =
    startHour > endHour ? hour >= startHour || hour < endHour : hour >= startHour && hour < endHour;
  if (!inQuiet) return at;
  // Past midnight (or a window within one day): today's end; before midnight: tomorrow's.
  const endDay = startHour > endHour && hour >= startHour ? nextDate(today) : today;
  return new Date(startOfLocalDay(endDay, tz).getTime() + endHour * HOUR);
}
