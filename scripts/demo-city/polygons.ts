/**
 * From convex cells to GeoJSON rings: vertices are pooled across levels, vertices lying on another polygon's
 * edge are inserted into that edge (no T-junctions), then rounded to DECIMALS — so siblings share identical
 * edges and children tile their parent exactly, even after rounding.
 */
import type { LonLat } from '../demo-city-facts.js';
import type { RawArea } from './areas.js';
import { unproject } from './geometry.js';
import { ringArea } from './rings.js';

export const DECIMALS = 5;

interface PooledVertex {
  raw: LonLat;
  rounded: LonLat;
}

/** A coordinate rounded to DECIMALS. */
export function roundTo(v: number): number {
  const f = 10 ** DECIMALS;
  return Math.round(v * f) / f;
}

/** Each area's closed ring (lon/lat, counter-clockwise), by area code. */
export function finaliseRings(raw: RawArea[]): Map<string, LonLat[]> {
  const pool: PooledVertex[] = [];
  const TOL = 1e-9; // degrees (~0.1 mm): far above float noise, far below feature size
  const vertexId = (p: LonLat): number => {
    const k = pool.findIndex((v) => Math.abs(v.raw[0] - p[0]) < TOL && Math.abs(v.raw[1] - p[1]) < TOL);
    if (k >= 0) return k;
    pool.push({ raw: p, rounded: [roundTo(p[0]), roundTo(p[1])] });
    return pool.length - 1;
  };
  const rings = raw.map((a) => a.poly.map((p) => vertexId(unproject(p))));
  const out = new Map<string, LonLat[]>();
  raw.forEach((a, ai) => {
    const ids = rings[ai]!;
    const withT: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const u = ids[i]!;
      const v = ids[(i + 1) % ids.length]!;
      withT.push(u);
      const [ux, uy] = pool[u]!.raw;
      const [vx, vy] = pool[v]!.raw;
      const ex = vx - ux;
      const ey = vy - uy;
      const len2 = ex * ex + ey * ey;
      const onEdge: { id: number; t: number }[] = [];
      pool.forEach((w, wi) => {
        if (wi === u || wi === v) return;
        const t = ((w.raw[0] - ux) * ex + (w.raw[1] - uy) * ey) / len2;
        if (t <= 0 || t >= 1) return;
        const dist = Math.abs((w.raw[0] - ux) * ey - (w.raw[1] - uy) * ex) / Math.sqrt(len2);
        if (dist < TOL) onEdge.push({ id: wi, t });
      });
      onEdge.sort((p, q) => p.t - q.t);
      withT.push(...onEdge.map((e) => e.id));
    }
    const coords: LonLat[] = [];
    for (const id of withT) {
      const p = pool[id]!.rounded;
      const last = coords[coords.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) coords.push(p);
    }
    while (coords.length > 1 && coords[0]![0] === coords.at(-1)![0] && coords[0]![1] === coords.at(-1)![1]) {
      coords.pop();
    }
    coords.push([coords[0]![0], coords[0]![1]]);
    if (ringArea(coords) < 0) coords.reverse();
    out.set(a.code, coords);
  });
  return out;
}
