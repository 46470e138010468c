/**
 * A stored forecast read at an instant (pure): the rate interpolated between its half-hour steps, pulled toward
 * the live figure for the next hours — the gap between what was forecast for now and what the site says now
 * fades with a time constant of an hour and a half.
 */

export type StoredForecast = { starts_at: Date; step_minutes: number; rates: readonly number[] };

const MINUTE = 60_000;
export const NOWCAST_MINUTES = 90;

/** The stored rate at `at`, or NaN outside the forecast. */
export function storedRate(f: StoredForecast, at: Date): number {
  const k = (at.getTime() - f.starts_at.getTime()) / (f.step_minutes * MINUTE);
  const i = Math.floor(k);
  if (i < 0 || i >= f.rates.length) return NaN;
  const a = f.rates[i]!;
  const b = i + 1 < f.rates.length ? f.rates[i + 1]! : a;
  return a + (b - a) * (k - i);
}

/** The rate expected at `at` seen from `now`, with the live rate when there is one. */
export function nowcast(f: StoredForecast, live: number | null, at: Date, now: Date): number {
  const base = storedRate(f, at);
  if (live === null || !Number.isFinite(base)) return base;
  const gap = live - storedRate(f, now);
  if (!Number.isFinite(gap)) return base;
  const fade = Math.exp(-Math.max(0, at.getTime() - now.getTime()) / (NOWCAST_MINUTES * MINUTE));
  return Math.min(1, Math.max(0, base + gap * fade));
}
