/**
 * Deadlines on working days in the jurisdiction's timezone and working-day calendar (statutory holidays and
 * 调休 make-up working days: the jurisdiction's overrides, then chinese-days, then Monday–Friday; see
 * src/calendar/working-calendar.ts).
 */
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { SlaProfileRow } from '../db/schema.js';

/** The working days and hours of an SLA profile (时限配置). */
export type SlaProfile = Omit<SlaProfileRow, 'jurisdiction_id' | 'code' | 'name'>;

export type Deadlines = { sign_by: Date; contact_by: Date; reply_by: Date };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A timezone's wall-clock date and time (24 h), with its UTC offset when asked; one formatter per kind, kept. */
export function zonedFormat(tz: string, opts: { offset?: boolean } = {}): Intl.DateTimeFormat {
  const key = `${tz}|${opts.offset ? 'offset' : ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      ...(opts.offset ? { timeZoneName: 'longOffset' as const } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

function parts(d: Date, tz: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of zonedFormat(tz).formatToParts(d)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Answers kept per timezone and quarter hour (every offset in use is a whole number of quarter hours). */
const QUARTER_HOUR = 15 * 60_000;
const KEPT = 50_000;
const localDates = new Map<string, string>();
const dayEnds = new Map<string, number>();

/** A pure answer kept, the kept ones forgotten together once there are many. */
function kept<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= KEPT) cache.clear();
    cache.set(key, (v = compute()));
  }
  return v;
}

/**
 * The calendar date (YYYY-MM-DD) of an instant in a timezone. Every registration asks for today's date (its
 * ticket number) and an import asks for thousands of days, so answers are kept per quarter hour.
 */
export function localDate(d: Date, tz: string): string {
  const compute = () => {
    const p = parts(d, tz);
    return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  };
  // Before 1970 some zones still kept local mean time, whose offsets are not whole quarter hours.
  return d.getTime() < 0
    ? compute()
    : kept(localDates, `${tz}|${Math.floor(d.getTime() / QUARTER_HOUR)}`, compute);
}

/** Offset of the timezone from UTC at an instant, in milliseconds. */
function offsetMs(d: Date, tz: string): number {
  const p = parts(d, tz);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(d.getTime() / 1000) * 1000;
}

/** The last millisecond of a local calendar day. */
export function endOfLocalDay(date: string, tz: string): Date {
  const end = kept(dayEnds, `${tz}|${date}`, () => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const naive = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
    return naive - offsetMs(new Date(naive), tz);
  });
  return new Date(end);
}

/** The first millisecond of a local calendar day. */
export function startOfLocalDay(date: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d);
  return new Date(naive - offsetMs(new Date(naive), tz));
}

export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + DAY).toISOString().slice(0, 10);
}

/**
 * "Within n working days": the end of the n-th working day after the day of `from` (the day itself does not
 * count, as a request filed at 17:55 cannot be expected to be handled that day).
 */
export function addWorkingDays(from: Date, n: number, tz: string, cal: WorkingCalendar): Date {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days must be a non-negative integer: ${n}`);
  let date = localDate(from, tz);
  if (n === 0) return endOfLocalDay(date, tz);
  let left = n;
  while (left > 0) {
    date = nextDate(date);
    if (cal.isWorkingDay(date)) left--;
  }
  return endOfLocalDay(date, tz);
}

/** The number of working days after `from`'s local day up to and including `to`'s (0 when `to` is not later). */
export function workingDaysBetween(from: Date, to: Date, tz: string, cal: WorkingCalendar): number {
  const last = localDate(to, tz);
  let n = 0;
  for (let d = nextDate(localDate(from, tz)); d <= last; d = nextDate(d)) if (cal.isWorkingDay(d)) n++;
  return n;
}

/**
 * A working-day deadline counted from `anchor` under the calendar `before`, counted again under `after`: the same
 * number of working days, so a holiday entered inside the window moves the deadline by a day. Null when the
 * deadline is not the end of a local day (an urgent request's clock-hour deadline), or does not move.
 */
export function recountDeadline(
  anchor: Date,
  deadline: Date,
  tz: string,
  before: WorkingCalendar,
  after: WorkingCalendar,
): Date | null {
  const day = localDate(deadline, tz);
  if (endOfLocalDay(day, tz).getTime() !== deadline.getTime() || day <= localDate(anchor, tz)) return null;
  const moved = addWorkingDays(anchor, workingDaysBetween(anchor, deadline, tz, before), tz, after);
  return moved.getTime() === deadline.getTime() ? null : moved;
}

/** Urgent requests count in clock hours, holidays included: a burst water main does not wait for Monday. */
export function computeDeadlines(opts: {
  from: Date;
  profile: SlaProfile;
  urgent: boolean;
  tz: string;
  calendar: WorkingCalendar;
}): Deadlines {
  const { from, profile, urgent, tz, calendar } = opts;
  if (urgent) {
    const at = (h: number) => new Date(from.getTime() + h * HOUR);
    return {
      sign_by: at(profile.urgent_sign_hours),
      contact_by: at(profile.urgent_contact_hours),
      reply_by: at(profile.urgent_reply_hours),
    };
  }
  return {
    sign_by: addWorkingDays(from, profile.sign_working_days, tz, calendar),
    contact_by: addWorkingDays(from, profile.contact_working_days, tz, calendar),
    reply_by: addWorkingDays(from, profile.reply_working_days, tz, calendar),
  };
}

/** An approved extension moves the reply deadline by working days counted from the current deadline. */
export function extendDeadline(replyBy: Date, workingDays: number, tz: string, cal: WorkingCalendar): Date {
  return addWorkingDays(replyBy, workingDays, tz, cal);
}

export function isOverdue(deadline: Date | null, doneAt: Date | null, now: Date): boolean {
  if (!deadline) return false;
  return (doneAt ?? now).getTime() > deadline.getTime();
}
