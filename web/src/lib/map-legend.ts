/**
 * The classes a shaded map colours its areas by, and their legend: counts in whole-number ranges (0–2 件,
 * 3–5 件 …), rates in ranges of percent (0–12%, 12–24% …). One function gives both the class of a value and the
 * legend, so that what an area is coloured and what the legend says always agree.
 */
export type Unit = 'count' | 'rate';
export type Band = { from: number; to: number; label: string };

const CLASSES = 5;

/** The bands for values up to `max` (none when nothing is above 0). */
export function bandsFor(max: number, unit: Unit, countUnit: string): Band[] {
  if (!(max > 0) || !Number.isFinite(max)) return [];
  if (unit === 'rate') {
    const pct = (v: number) => Math.round(v * 1000) / 10;
    return Array.from({ length: CLASSES }, (_, i) => {
      const from = (max * i) / CLASSES;
      const to = (max * (i + 1)) / CLASSES;
      return { from, to, label: `${pct(from)}–${pct(to)}%` };
    });
  }
  const step = Math.max(1, Math.ceil((Math.floor(max) + 1) / CLASSES));
  const n = Math.ceil((Math.floor(max) + 1) / step);
  return Array.from({ length: n }, (_, i) => {
    const from = i * step;
    const to = Math.min(Math.floor(max), from + step - 1);
    return { from, to, label: from === to ? `${from} ${countUnit}` : `${from}–${to} ${countUnit}` };
  });
}

/** The band a value falls in (its index), or -1 for no value. */
export function bandOf(v: number | undefined, bands: Band[], unit: Unit): number {
  if (v === undefined || !Number.isFinite(v) || !bands.length) return -1;
  const i =
    unit === 'rate'
      ? bands.findIndex((b) => v <= b.to)
      : bands.findIndex((b) => Math.floor(v) >= b.from && Math.floor(v) <= b.to);
  return i === -1 ? bands.length - 1 : i;
}

/** The colour of band i of n from a ramp of colours (light to dark), spread over the whole ramp. */
export const rampColour = (ramp: readonly string[], i: number, n: number) =>
  ramp[n <= 1 ? ramp.length - 1 : Math.round((i * (ramp.length - 1)) / (n - 1))]!;
