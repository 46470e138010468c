/**
 * What an area alert is of: an area (and what lies in it) or a circle around a point, optionally one category
 * (and its sub-categories); which public requests fall in it. A request's point is compared as the public map
 * shows it (snapped to the public grid), so that a small circle never tells more than the map. Pure.
 */
import { snapToGrid, PUBLIC_GRID_DEGREES } from '../public/grid.js';
import { distanceMetres } from '../routing/geo.js';

export const RADIUS_MIN_M = 100;
export const RADIUS_MAX_M = 5000;

export type Circle = { lat: number; lon: number; radius_m: number };
export type Scope = { area_code: string | null; circle: Circle | null; category_code: string | null };

/** A public request as far as matching goes. */
export type Candidate = {
  area_code: string | null;
  category_code: string | null;
  lat: number | null;
  lon: number | null;
};

/** Codes are hierarchical: xc-wangting-guoyuan is in xc-wangting; category 010201 is in 0102. */
export const inAreaTree = (code: string | null, area: string) =>
  code !== null && (code === area || code.startsWith(`${area}-`));
export const inCategoryTree = (code: string | null, category: string) =>
  code !== null && code.startsWith(category);

/** The circle's centre as stored: to 5 decimals (about a metre). */
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** The scope as one text: one subscription per address and scope. */
export function scopeKey(s: Scope): string {
  const where = s.circle
    ? `circle:${round5(s.circle.lat)},${round5(s.circle.lon)},${s.circle.radius_m}`
    : `area:${s.area_code}`;
  return `${where}|category:${s.category_code ?? '*'}`;
}

export function inScope(s: Scope, c: Candidate): boolean {
  if (s.category_code !== null && !inCategoryTree(c.category_code, s.category_code)) return false;
  if (s.circle) {
    if (c.lat === null || c.lon === null) return false;
    const d = distanceMetres(s.circle.lat, s.circle.lon, snapToGrid(c.lat), snapToGrid(c.lon));
    return d <= s.circle.radius_m;
  }
  return s.area_code !== null && inAreaTree(c.area_code, s.area_code);
}

/**
 * The exact coordinates a circle's candidates may have (their snapped points may be in it): a box around it,
 * widened by half a grid step, for the database to narrow by before `inScope` decides.
 */
export function candidateBox(c: Circle): { south: number; north: number; west: number; east: number } {
  const dLat = c.radius_m / 111_320 + PUBLIC_GRID_DEGREES;
  const dLon =
    c.radius_m / (111_320 * Math.max(0.01, Math.cos((c.lat * Math.PI) / 180))) + PUBLIC_GRID_DEGREES;
  return { south: c.lat - dLat, north: c.lat + dLat, west: c.lon - dLon, east: c.lon + dLon };
}
