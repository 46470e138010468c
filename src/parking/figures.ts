/**
 * The dashboard's parking figures (pure): the space-minutes offered by share windows and taken by bookings in
 * each local hour of the day, their ratio (utilisation of shared spaces by hour), and the no-show rate.
 */
import { localDate, startOfLocalDay } from '../requests/deadlines.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A stretch of time carrying a weight: a window's open interval × its spaces, a booking × 1. */
export type Piece = { from: Date; to: Date; weight: number };

/**
 * The weighted minutes of the pieces in each local hour of the day (0–23) of the time zone. A piece is walked
 * hour by hour from its local midnight: offsets are taken as constant within a piece (no daylight saving in
 * China; a jurisdiction elsewhere would split its pieces at the change).
 */
export function minutesByHour(pieces: Iterable<Piece>, tz: string): number[] {
  const out = new Array<number>(24).fill(0);
  for (const p of pieces) {
    const end = p.to.getTime();
    let t = p.from.getTime();
    if (!(end > t) || p.weight === 0) continue;
    const midnight = startOfLocalDay(localDate(p.from, tz), tz).getTime();
    while (t < end) {
      const index = Math.floor((t - midnight) / HOUR);
      const next = Math.min(end, midnight + (index + 1) * HOUR);
      out[((index % 24) + 24) % 24]! += ((next - t) / MINUTE) * p.weight;
      t = next;
    }
  }
  return out;
}

/** The piece clipped to [from, to), or null when nothing of it is left. */
export function clip(p: Piece, from: Date, to: Date): Piece | null {
  const a = Math.max(p.from.getTime(), from.getTime());
  const b = Math.min(p.to.getTime(), to.getTime());
  return b > a ? { from: new Date(a), to: new Date(b), weight: p.weight } : null;
}

export type HourFigure = {
  hour: number;
  offered_space_hours: number;
  booked_space_hours: number;
  /** Booked ÷ offered; null when nothing was offered in that hour. */
  utilisation: number | null;
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Offered and booked space-minutes by hour as the answer's hours (space-hours, rounded to 0.01). */
export function utilisationByHour(offered: number[], booked: number[]): HourFigure[] {
  return offered.map((o, hour) => {
    const b = booked[hour] ?? 0;
    return {
      hour,
      offered_space_hours: round2(o / 60),
      booked_space_hours: round2(b / 60),
      utilisation: o > 0 ? Math.round((b / o) * 10_000) / 10_000 : null,
    };
  });
}

/** No-shows among the bookings whose car was due (checked in, completed, or released as a no-show). */
export function noShowRate(c: { no_show: number; checked_in: number; completed: number }): number | null {
  const due = c.no_show + c.checked_in + c.completed;
  return due > 0 ? c.no_show / due : null;
}
