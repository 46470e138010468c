/** Checks on closed GeoJSON rings (lon/lat, first vertex repeated last). */
import type { LonLat } from '../demo-city-facts.js';
import { signedArea, type Pt } from './geometry.js';

/** Ray casting (crossing number) point-in-polygon for a closed GeoJSON ring. */
export function pointInRing(p: LonLat, ring: readonly LonLat[]): boolean {
  let inside = false;
  const [x, y] = p;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function segmentsCross(a: LonLat, b: LonLat, c: LonLat, d: LonLat): boolean {
  const orient = (p: LonLat, q: LonLat, r: LonLat) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const onSeg = (p: LonLat, q: LonLat, r: LonLat) =>
    Math.min(p[0], q[0]) <= r[0] &&
    r[0] <= Math.max(p[0], q[0]) &&
    Math.min(p[1], q[1]) <= r[1] &&
    r[1] <= Math.max(p[1], q[1]);
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  return (
    (o1 === 0 && onSeg(a, b, c)) ||
    (o2 === 0 && onSeg(a, b, d)) ||
    (o3 === 0 && onSeg(c, d, a)) ||
    (o4 === 0 && onSeg(c, d, b))
  );
}

/** Closed ring: no repeated vertices, no two non-adjacent edges touching. */
export function isSimpleRing(ring: readonly LonLat[]): boolean {
  const m = ring.length - 1;
  const keys = new Set(ring.slice(0, m).map((p) => p.join(',')));
  if (keys.size !== m) return false;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      if (j === i + 1 || (i === 0 && j === m - 1)) continue;
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return false;
    }
  }
  return true;
}

export function ringArea(ring: readonly LonLat[]): number {
  return signedArea(ring.slice(0, -1) as Pt[]);
}
