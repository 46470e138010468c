import type { Kysely } from 'kysely';
import type { AreaLevel, DB, GeoJsonGeometry } from '../db/schema.js';
import { containsPoint } from './geo.js';

const DEPTH: Record<AreaLevel, number> = { district: 0, street: 1, community: 2, grid: 3 };

export type LocatedArea = { code: string; name: string; level: AreaLevel; parent_code: string | null };

/**
 * The finest area containing a point (grid, else community, street, district), or null when the point is
 * outside every area of the jurisdiction. Bounding boxes in SQL narrow the candidates; the polygon test is exact.
 */
export async function locatePoint(
  db: Kysely<DB>,
  jurisdictionId: string,
  lon: number,
  lat: number,
): Promise<LocatedArea | null> {
  const candidates = await db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code', 'geometry'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('min_lon', '<=', lon)
    .where('max_lon', '>=', lon)
    .where('min_lat', '<=', lat)
    .where('max_lat', '>=', lat)
    .execute();
  let best: LocatedArea | null = null;
  for (const a of candidates) {
    if (!a.geometry || !containsPoint(a.geometry as GeoJsonGeometry, lon, lat)) continue;
    if (!best || DEPTH[a.level] > DEPTH[best.level])
      best = { code: a.code, name: a.name, level: a.level, parent_code: a.parent_code };
  }
  return best;
}

/** An area and its ancestors, finest first. */
export async function areaLineage(
  db: Kysely<DB>,
  jurisdictionId: string,
  code: string,
): Promise<LocatedArea[]> {
  const all = await db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
  const byCode = new Map(all.map((a) => [a.code, a]));
  const out: LocatedArea[] = [];
  for (let a = byCode.get(code); a; a = a.parent_code ? byCode.get(a.parent_code) : undefined) out.push(a);
  return out;
}
