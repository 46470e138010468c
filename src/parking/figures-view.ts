/**
 * The dashboard's parking figures for a period: the shared spaces in force (共享泊位), their utilisation by hour
 * of the day (space-hours booked ÷ space-hours the windows offered), the bookings of the period and their no-show
 * rate, and the sites without live data now. No plate, no resident: counts only.
 */
import type { AppContext } from '../context.js';
import type { BookingStatus } from '../db/schema.js';
import { localDate, nextDate, startOfLocalDay } from '../requests/deadlines.js';
import { sceneOf } from './commands/common.js';
import {
  bookingsByStatus,
  bookingsTakingSpaces,
  sitesWithLatest,
  windowsInForce,
} from './dashboard-queries.js';
import { clip, minutesByHour, noShowRate, utilisationByHour, type Piece } from './figures.js';
import { liveFigure } from './liveness.js';
import { isHoursError, shareHours } from './share-hours.js';

/** The sites without live data named in the answer (the count covers them all). */
const SILENT_LISTED = 20;

export async function parkingFigures(ctx: AppContext, j: string, period: { from: Date; to: Date }) {
  const { from, to } = period;
  const scene = await sceneOf(ctx, j);
  const { tz } = scene;
  const firstDay = localDate(from, tz);
  const lastDay = localDate(new Date(to.getTime() - 1), tz);
  const [windows, byStatus, sites] = await Promise.all([
    windowsInForce(ctx, j, firstDay, lastDay),
    bookingsByStatus(ctx, j, from, to),
    sitesWithLatest(ctx, j),
  ]);

  const offered: Piece[] = [];
  for (const w of windows) {
    const hours = shareHours(w.hours);
    if (isHoursError(hours)) continue;
    const validFrom = startOfLocalDay(w.valid_from, tz);
    const start = validFrom > from ? validFrom : from;
    const validTo = w.valid_to === null ? null : startOfLocalDay(nextDate(w.valid_to), tz);
    const end = validTo !== null && validTo < to ? validTo : to;
    if (end <= start) continue;
    for (const i of hours.intervals(start, end, tz, scene.calendar)) {
      const piece = clip({ ...i, weight: w.spaces }, start, end);
      if (piece) offered.push(piece);
    }
  }
  const bookings = await bookingsTakingSpaces(
    ctx,
    j,
    windows.map((w) => Number(w.id)),
    from,
    to,
  );
  const booked = bookings.flatMap(
    (b) => clip({ from: b.starts_at, to: b.ends_at, weight: 1 }, from, to) ?? [],
  );
  const offeredByHour = minutesByHour(offered, tz);
  const bookedByHour = minutesByHour(booked, tz);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const offeredTotal = sum(offeredByHour);

  /** The windows in force on the period's last day: the shared spaces offered now. */
  const inForce = windows.filter(
    (w) => w.valid_from <= lastDay && (w.valid_to === null || w.valid_to >= lastDay),
  );
  const count = (status: BookingStatus) => byStatus.get(status) ?? 0;
  const counts = {
    confirmed: count('confirmed'),
    checked_in: count('checked_in'),
    completed: count('completed'),
    cancelled: count('cancelled'),
    no_show: count('no_show'),
  };
  const silent = sites.filter(
    (s) =>
      !liveFigure(
        s.observed_at === null ? null : { observed_at: s.observed_at, free: s.free!, capacity: s.capacity! },
        s.realtime_interval_seconds,
        scene.now,
      ).live,
  );
  return {
    from,
    to,
    shared_spaces: inForce.reduce((a, w) => a + w.spaces, 0),
    sharing_sites: new Set(inForce.map((w) => Number(w.site_id))).size,
    windows: inForce.length,
    utilisation: offeredTotal > 0 ? Math.round((sum(bookedByHour) / offeredTotal) * 10_000) / 10_000 : null,
    utilisation_by_hour: utilisationByHour(offeredByHour, bookedByHour),
    bookings: { total: sum(Object.values(counts)), ...counts },
    no_show_rate: noShowRate(counts),
    sites: sites.length,
    sites_without_live_data: silent.length,
    silent_sites: silent.slice(0, SILENT_LISTED).map((s) => ({
      id: Number(s.id),
      code: s.code,
      name: s.name,
      last_observed_at: s.observed_at,
    })),
  };
}
