/**
 * Planar geometry. Computation happens in a local equirectangular projection (x = lon·cos φ0, y = lat) so
 * that Voronoi cells are not stretched east–west.
 */
import type { LonLat } from '../demo-city-facts.js';

export type Pt = [number, number];
const KX = Math.cos((31.45 * Math.PI) / 180);
export const project = ([lon, lat]: LonLat): Pt => [lon * KX, lat];
export const unproject = ([x, y]: Pt): LonLat => [x / KX, y];

export function signedArea(poly: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i]!;
    const [x2, y2] = poly[(i + 1) % poly.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

export function centroid(poly: readonly Pt[]): Pt {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i]!;
    const [x2, y2] = poly[(i + 1) % poly.length]!;
    const f = x1 * y2 - x2 * y1;
    a += f;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

export function isConvexCCW(poly: readonly Pt[]): boolean {
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    const c = poly[(i + 2) % poly.length]!;
    if ((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) <= 0) return false;
  }
  return true;
}

/** Sutherland–Hodgman: keep the part of a convex polygon where nx·x + ny·y <= c. */
function clipHalfPlane(poly: readonly Pt[], nx: number, ny: number, c: number): Pt[] {
  const out: Pt[] = [];
  const side = (p: Pt) => nx * p[0] + ny * p[1] - c;
  for (let i = 0; i < poly.length; i++) {
    const cur = poly[i]!;
    const prev = poly[(i + poly.length - 1) % poly.length]!;
    const dc = side(cur);
    const dp = side(prev);
    const cross = (): Pt => {
      const t = dp / (dp - dc);
      return [prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])];
    };
    if (dc <= 0) {
      if (dp > 0) out.push(cross());
      out.push(cur);
    } else if (dp < 0) {
      out.push(cross());
    }
  }
  // drop (numerically) repeated vertices
  return out.filter((p, i) => {
    const q = out[(i + 1) % out.length]!;
    return Math.hypot(p[0] - q[0], p[1] - q[1]) > 1e-12;
  });
}

/** Voronoi cells of `seeds`, clipped to the convex polygon `parent`. */
export function voronoiCells(parent: readonly Pt[], seeds: readonly Pt[]): Pt[][] {
  return seeds.map((si, i) => {
    let cell: Pt[] = [...parent];
    seeds.forEach((sj, j) => {
      if (i === j) return;
      const nx = sj[0] - si[0];
      const ny = sj[1] - si[1];
      const c = (sj[0] ** 2 + sj[1] ** 2 - si[0] ** 2 - si[1] ** 2) / 2;
      cell = clipHalfPlane(cell, nx, ny, c);
    });
    if (cell.length < 3) throw new Error(`empty Voronoi cell for seed ${i}`);
    return cell;
  });
}

/** Distance from `o` along unit direction `d` to the boundary of a convex polygon containing `o`. */
function rayToBoundary(poly: readonly Pt[], o: Pt, d: Pt): number {
  let best = Infinity;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const den = d[0] * ey - d[1] * ex;
    if (Math.abs(den) < 1e-18) continue;
    const t = ((a[0] - o[0]) * ey - (a[1] - o[1]) * ex) / den;
    const u = ((a[0] - o[0]) * d[1] - (a[1] - o[1]) * d[0]) / den;
    if (t > 0 && u >= -1e-12 && u <= 1 + 1e-12) best = Math.min(best, t);
  }
  return best;
}

/** Angle of the principal (longest) axis of a polygon's vertex cloud. */
function principalAngle(poly: readonly Pt[]): number {
  const [cx, cy] = centroid(poly);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [x, y] of poly) {
    sxx += (x - cx) ** 2;
    syy += (y - cy) ** 2;
    sxy += (x - cx) * (y - cy);
  }
  return 0.5 * Math.atan2(2 * sxy, sxx - syy);
}

/** n seed points spread around the centroid of a convex cell (first one along its long axis). */
export function childSeeds(poly: readonly Pt[], n: number): Pt[] {
  const c = centroid(poly);
  const theta0 = principalAngle(poly);
  const seeds: Pt[] = [];
  for (let i = 0; i < n; i++) {
    const th = theta0 + (2 * Math.PI * i) / n;
    const d: Pt = [Math.cos(th), Math.sin(th)];
    const r = 0.5 * rayToBoundary(poly, c, d);
    seeds.push([c[0] + r * d[0], c[1] + r * d[1]]);
  }
  return seeds;
}
