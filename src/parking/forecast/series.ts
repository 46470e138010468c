/**
 * A site's occupancy history as days of half-hour slots (pure). Readings arrive at irregular times (every 30 s
 * from a gate system, every half hour from the Birmingham feed); each slot holds the occupancy rate at its
 * start, interpolated between the readings around it, or NaN when none is close enough.
 */

export const SLOT_MINUTES = 30;
export const SLOTS = (24 * 60) / SLOT_MINUTES;
/** A slot is read from readings at most this far from it, or from two readings at most GAP apart around it. */
const NEAR_MINUTES = 20;
const GAP_MINUTES = 80;

export type Reading = {
  /** Local calendar date 'YYYY-MM-DD' where the site is. */
  day: string;
  /** Local minutes since midnight (fractions allowed). */
  minute: number;
  /** Occupied spaces over capacity (may pass 1 a little: counters drift). */
  rate: number;
};

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a local date. */
export const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
export const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday. */
export const weekdayOfNumber = (n: number) => (((n + 4) % 7) + 7) % 7;

export type SiteSeries = {
  /** Day number → the rate at the start of each slot (NaN: unknown). */
  days: Map<number, Float64Array>;
  /** Day number → the day's mean rate over the site's usual slots (NaN when too few are known). */
  levels: Map<number, number>;
  /** Slots known on at least half of the days: the hours the site is usually read. */
  usual: number[];
  first: number;
  last: number;
};

/** The rate at a local minute of one day of slots, interpolated between slots (NaN when either is unknown). */
export function rateAt(slots: Float64Array | undefined, minute: number): number {
  if (!slots) return NaN;
  const k = minute / SLOT_MINUTES;
  const i = Math.floor(k);
  const f = k - i;
  if (f < 1e-9) return slots[i] ?? NaN;
  const a = slots[i] ?? NaN;
  const b = i + 1 < SLOTS ? slots[i + 1]! : NaN;
  return a + (b - a) * f;
}

/** Readings of one site (any order, duplicates allowed) as days of slots. */
export function seriesOf(readings: readonly Reading[]): SiteSeries {
  const byDay = new Map<number, { minute: number; rate: number }[]>();
  for (const r of readings) {
    if (!Number.isFinite(r.rate) || !Number.isFinite(r.minute)) continue;
    const n = dayNumber(r.day);
    let list = byDay.get(n);
    if (!list) byDay.set(n, (list = []));
    list.push({ minute: r.minute, rate: r.rate });
  }
  const days = new Map<number, Float64Array>();
  const seen = new Float64Array(SLOTS);
  for (const [n, list] of byDay) {
    list.sort((a, b) => a.minute - b.minute);
    const slots = new Float64Array(SLOTS).fill(NaN);
    let j = 0;
    for (let k = 0; k < SLOTS; k++) {
      const m = k * SLOT_MINUTES;
      while (j + 1 < list.length && list[j + 1]!.minute <= m) j++;
      const a = list[j]!;
      const b = list[j + 1];
      if (a.minute <= m && b && b.minute - a.minute <= GAP_MINUTES)
        slots[k] = a.rate + ((b.rate - a.rate) * (m - a.minute)) / (b.minute - a.minute || 1);
      else if (Math.abs(a.minute - m) <= NEAR_MINUTES) slots[k] = a.rate;
      else if (b && Math.abs(b.minute - m) <= NEAR_MINUTES) slots[k] = b.rate;
      if (Number.isFinite(slots[k]!)) seen[k] = seen[k]! + 1;
    }
    days.set(n, slots);
  }
  const usual: number[] = [];
  for (let k = 0; k < SLOTS; k++) if (days.size && seen[k]! >= days.size / 2) usual.push(k);
  const levels = new Map<number, number>();
  for (const [n, slots] of days) levels.set(n, levelOf(slots, usual));
  const numbers = [...days.keys()];
  return {
    days,
    levels,
    usual,
    first: numbers.length ? Math.min(...numbers) : 0,
    last: numbers.length ? Math.max(...numbers) : -1,
  };
}

/** The mean rate over the usual slots, when at least two thirds of them are known. */
export function levelOf(slots: Float64Array, usual: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const k of usual)
    if (Number.isFinite(slots[k]!)) {
      sum += slots[k]!;
      n++;
    }
  return usual.length && n * 3 >= usual.length * 2 ? sum / n : NaN;
}
