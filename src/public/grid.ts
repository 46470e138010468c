/**
 * The public map's coarse places: a published request's point snapped to a grid of 0.001° (about 110 m north to
 * south, 95 m east to west here), so that a pin shows the neighbourhood and never the doorway. A view's filter
 * compares the points that snap inside it, so that nobody learns finer places by narrowing the view.
 */
import type { Bbox } from '../http/inputs.js';

export const PUBLIC_GRID_DEGREES = 0.001;
const STEPS = 1 / PUBLIC_GRID_DEGREES;

/** A coordinate snapped to the public grid. */
export const snapToGrid = (degrees: number): number => Math.round(degrees * STEPS) / STEPS;

/**
 * The exact coordinates whose snapped points lie in the view: lat and lon each from `min` (included) to `max`
 * (excluded). Empty (min ≥ max) when no grid point is inside it.
 */
export function snappedInside(b: Bbox) {
  const range = (lo: number, hi: number) => ({
    min: (Math.ceil(lo * STEPS) - 0.5) / STEPS,
    max: (Math.floor(hi * STEPS) + 0.5) / STEPS,
  });
  return { lat: range(b.south, b.north), lon: range(b.west, b.east) };
}
