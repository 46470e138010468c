import type { GeoJsonGeometry } from '../db/schema.js';

export type BBox = { min_lon: number; min_lat: number; max_lon: number; max_lat: number };

function rings(g: GeoJsonGeometry): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function inRing(lon: number, lat: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Ray casting; holes (inner rings) exclude. */
export function containsPoint(g: GeoJsonGeometry, lon: number, lat: number): boolean {
  return rings(g).some((poly) => {
    const [outer, ...holes] = poly;
    return outer !== undefined && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h));
  });
}

export function bbox(g: GeoJsonGeometry): BBox {
  const b = { min_lon: Infinity, min_lat: Infinity, max_lon: -Infinity, max_lat: -Infinity };
  for (const poly of rings(g))
    for (const ring of poly)
      for (const [lon, lat] of ring as [number, number][]) {
        b.min_lon = Math.min(b.min_lon, lon);
        b.max_lon = Math.max(b.max_lon, lon);
        b.min_lat = Math.min(b.min_lat, lat);
        b.max_lat = Math.max(b.max_lat, lat);
      }
  return b;
}

/** Great-circle distance in metres. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}
