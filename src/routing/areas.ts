import { sql } from 'kysely';
import type { AreaLevel, GeoJsonGeometry } from '../db/schema.js';
import { AppError } from '../http/errors.js';
import { areasNamedIn, namesAgainstPin } from './address-areas.js';
import { containsPoint } from './geo.js';
import { dbOf, type DbSource } from '../db/source.js';

const DEPTH: Record<AreaLevel, number> = { district: 0, street: 1, community: 2, grid: 3 };

export type LocatedArea = { code: string; name: string; level: AreaLevel; parent_code: string | null };

/**
 * The finest area containing a point (grid, else community, street, district), or null when the point is
 * outside every area of the jurisdiction. Bounding boxes in SQL narrow the candidates; the polygon test is exact.
 */
export async function locatePoint(
  source: DbSource,
  jurisdictionId: string,
  lon: number,
  lat: number,
): Promise<LocatedArea | null> {
  const candidates = await dbOf(source)
    .selectFrom('areas')
    .select(AREA_COLUMNS)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('min_lon', '<=', lon)
    .where('max_lon', '>=', lon)
    .where('min_lat', '<=', lat)
    .where('max_lat', '>=', lat)
    .execute();
  return finestContaining(candidates, lon, lat);
}

const AREA_COLUMNS = [
  'code',
  'name',
  'level',
  'parent_code',
  'geometry',
  'min_lon',
  'min_lat',
  'max_lon',
  'max_lat',
] as const;

type CandidateArea = LocatedArea & {
  geometry: unknown;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
};

function finestContaining(
  candidates: readonly CandidateArea[],
  lon: number,
  lat: number,
): LocatedArea | null {
  let best: (LocatedArea & { size: number }) | null = null;
  for (const a of candidates) {
    if (a.min_lon === null || lon < a.min_lon || lon > a.max_lon! || lat < a.min_lat! || lat > a.max_lat!)
      continue;
    if (!a.geometry || !containsPoint(a.geometry as GeoJsonGeometry, lon, lat)) continue;
    // The deepest level wins; among overlapping areas of one level (a new grid drawn inside an old one), the smallest.
    const size = (a.max_lon! - a.min_lon) * (a.max_lat! - a.min_lat!);
    const deeper = !best || DEPTH[a.level] > DEPTH[best.level];
    if (deeper || (DEPTH[a.level] === DEPTH[best!.level] && size < best!.size)) {
      best = { code: a.code, name: a.name, level: a.level, parent_code: a.parent_code, size };
    }
  }
  return best && { code: best.code, name: best.name, level: best.level, parent_code: best.parent_code };
}

/**
 * locatePoint for many points: the jurisdiction's areas read once (an import locates thousands of sites).
 */
export async function areaLocator(
  source: DbSource,
  jurisdictionId: string,
): Promise<(lon: number, lat: number) => LocatedArea | null> {
  const areas = await dbOf(source)
    .selectFrom('areas')
    .select(AREA_COLUMNS)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('geometry', 'is not', null)
    .execute();
  return (lon, lat) => finestContaining(areas, lon, lat);
}

/**
 * `column` is the area or one of its sub-areas: area codes are hierarchical (xc-wangting-guoyuan-g1 is in
 * xc-wangting).
 */
export function inAreaTree(column: string, area: string) {
  const below = `${area.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
  return sql<boolean>`(${sql.ref(column)} = ${area} or ${sql.ref(column)} like ${below})`;
}

/**
 * The area a place is filed under: the one given, else the finest area containing its point. A point outside
 * every area of the jurisdiction is refused (outside_jurisdiction), even with an area given.
 */
export async function areaOfPlace(
  source: DbSource,
  jurisdictionId: string,
  place: { lat?: number | undefined; lon?: number | undefined; area_code?: string | undefined },
): Promise<string | null> {
  if (place.lat === undefined || place.lon === undefined) return place.area_code ?? null;
  const area = await locatePoint(source, jurisdictionId, place.lon, place.lat);
  if (!area) throw new AppError('outside_jurisdiction', { lat: place.lat, lon: place.lon });
  return place.area_code ?? area.code;
}

export type PinCheck = {
  street: { code: string; name: string } | null;
  community: { code: string; name: string } | null;
  /** The streets/towns and communities the address names. */
  named: LocatedArea[];
  /** The names of those that do not hold the pin. */
  disagreeing: string[];
};

/**
 * The street/town and community of a map pin, and the areas an address names that do not hold it; null when
 * the pin is outside every area of the jurisdiction.
 */
export async function checkPin(
  source: DbSource,
  jurisdictionId: string,
  pin: { lat: number; lon: number; address: string },
): Promise<PinCheck | null> {
  const [at, areas] = await Promise.all([
    locatePoint(source, jurisdictionId, pin.lon, pin.lat),
    dbOf(source)
      .selectFrom('areas')
      .select(['code', 'name', 'level', 'parent_code'])
      .where('jurisdiction_id', '=', jurisdictionId)
      .execute(),
  ]);
  if (!at) return null;
  const line: LocatedArea[] = [];
  for (let a: LocatedArea | undefined = at; a; a = areas.find((x) => x.code === a!.parent_code)) {
    line.push(a);
    if (line.length > DEPTH.grid + 1) break;
  }
  const named = areasNamedIn(pin.address, areas);
  const nameOf = (level: AreaLevel) => {
    const a = line.find((x) => x.level === level);
    return a ? { code: a.code, name: a.name } : null;
  };
  return {
    street: nameOf('street'),
    community: nameOf('community'),
    named,
    disagreeing: namesAgainstPin(named, at.code, areas),
  };
}
