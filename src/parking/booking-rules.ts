/**
 * The rules a booking must keep (pure), besides the space being free (counted by the database) and the
 * resident being of the window's audience (a policy): in the future, not too far ahead, at least a quarter of an
 * hour, within the window's dates, starting while the window is open and ending before it closes, no longer
 * than the window's longest stay, and within the resident's limit of live bookings.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { localDate } from '../requests/deadlines.js';
import type { ShareHours } from './share-hours.js';

export const BOOKING_RULES = {
  /** A booking may start this far in the past (a slow phone), no further. */
  graceMinutes: 5,
  horizonDays: 7,
  minMinutes: 15,
  /** Live bookings (confirmed or checked in, not yet ended) a resident may hold at once. */
  perResident: 2,
};

export type WindowFacts = {
  active: boolean;
  valid_from: string;
  valid_to: string | null;
  max_stay_minutes: number | null;
};

export type BookingRefusal = {
  reason:
    | 'window_inactive'
    | 'in_the_past'
    | 'too_far_ahead'
    | 'too_short'
    | 'outside_validity'
    | 'window_closed'
    | 'ends_after_close'
    | 'too_long'
    | 'limit_reached';
  message: string;
  message_en: string;
  closes_at?: string;
};

const MINUTE = 60_000;

export function bookingRefusal(opts: {
  window: WindowFacts;
  hours: ShareHours;
  startsAt: Date;
  endsAt: Date;
  now: Date;
  tz: string;
  calendar: WorkingCalendar;
  liveBookings: number;
}): BookingRefusal | null {
  const { window: w, startsAt, endsAt, now, tz } = opts;
  const minutes = (endsAt.getTime() - startsAt.getTime()) / MINUTE;
  if (!w.active)
    return {
      reason: 'window_inactive',
      message: '该共享时段已停用',
      message_en: 'The window is closed for good',
    };
  if (startsAt.getTime() < now.getTime() - BOOKING_RULES.graceMinutes * MINUTE)
    return {
      reason: 'in_the_past',
      message: '预约开始时间已过',
      message_en: 'The booking would start in the past',
    };
  if (startsAt.getTime() > now.getTime() + BOOKING_RULES.horizonDays * 1440 * MINUTE)
    return {
      reason: 'too_far_ahead',
      message: `最多提前 ${BOOKING_RULES.horizonDays} 天预约`,
      message_en: `Book at most ${BOOKING_RULES.horizonDays} days ahead`,
    };
  if (minutes < BOOKING_RULES.minMinutes)
    return {
      reason: 'too_short',
      message: `预约时长至少 ${BOOKING_RULES.minMinutes} 分钟`,
      message_en: `A booking lasts at least ${BOOKING_RULES.minMinutes} minutes`,
    };
  const first = localDate(startsAt, tz);
  const last = localDate(new Date(endsAt.getTime() - 1), tz);
  if (first < w.valid_from || (w.valid_to !== null && last > w.valid_to))
    return {
      reason: 'outside_validity',
      message: `共享时段有效期为 ${w.valid_from} 至 ${w.valid_to ?? '长期'}`,
      message_en: `The window runs from ${w.valid_from} to ${w.valid_to ?? 'further notice'}`,
    };
  const open = opts.hours.intervalAt(startsAt, tz, opts.calendar);
  if (!open)
    return {
      reason: 'window_closed',
      message: '该时间不在共享开放时段内',
      message_en: 'The window is not open at that time',
    };
  if (endsAt > open.to)
    return {
      reason: 'ends_after_close',
      message: '预约须在共享时段结束前结束',
      message_en: 'The booking must end before the window closes',
      closes_at: open.to.toISOString(),
    };
  if (w.max_stay_minutes !== null && minutes > w.max_stay_minutes)
    return {
      reason: 'too_long',
      message: `最长停放 ${w.max_stay_minutes} 分钟`,
      message_en: `The longest stay is ${w.max_stay_minutes} minutes`,
    };
  if (opts.liveBookings >= BOOKING_RULES.perResident)
    return {
      reason: 'limit_reached',
      message: `每人最多同时持有 ${BOOKING_RULES.perResident} 个有效预约`,
      message_en: `At most ${BOOKING_RULES.perResident} live bookings at once`,
    };
  return null;
}
