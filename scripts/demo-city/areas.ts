/**
 * The area hierarchy: the district's hand-drawn outline; streets as Voronoi cells of the approximate town
 * centres clipped to it; communities as Voronoi cells of points generated inside their street, grids likewise
 * inside their community. All cells are convex; their rings come from polygons.ts, shared and rounded.
 */
import { DISTRICT, GRID_ORDINALS, STREETS, type LonLat } from '../demo-city-facts.js';
import { childSeeds, isConvexCCW, project, voronoiCells, type Pt } from './geometry.js';
import { finaliseRings } from './polygons.js';

export type Level = 'district' | 'street' | 'community' | 'grid';

/** An area before rounding: its polygon projected (see geometry.ts), convex, counter-clockwise. */
export interface RawArea {
  code: string;
  name: string;
  level: Level;
  parent_code: string | null;
  poly: Pt[];
}

export interface AreaOut {
  code: string;
  name: string;
  level: Level;
  parent_code: string | null;
  geometry: { type: 'Polygon'; coordinates: LonLat[][] };
  approximate: true;
}

function buildRawAreas(): RawArea[] {
  const districtPoly = DISTRICT.outline.map(project);
  if (!isConvexCCW(districtPoly)) throw new Error('district outline must be convex and counter-clockwise');
  const district: RawArea = {
    code: DISTRICT.code,
    name: DISTRICT.name,
    level: 'district',
    parent_code: null,
    poly: districtPoly,
  };
  const child = (parent: RawArea, code: string, name: string, level: Level, poly: Pt[]): RawArea => ({
    code,
    name,
    level,
    parent_code: parent.code,
    poly,
  });
  const streets: RawArea[] = [];
  const communities: RawArea[] = [];
  const grids: RawArea[] = [];
  const streetCells = voronoiCells(
    districtPoly,
    STREETS.map((s) => project(s.center)),
  );
  STREETS.forEach((s, si) => {
    const street = child(district, `${DISTRICT.code}-${s.slug}`, s.name, 'street', streetCells[si]!);
    streets.push(street);
    const commCells = voronoiCells(street.poly, childSeeds(street.poly, s.communities.length));
    s.communities.forEach((c, ci) => {
      const community = child(street, `${street.code}-${c.slug}`, c.name, 'community', commCells[ci]!);
      communities.push(community);
      const g = c.grids ?? 0;
      if (g <= 0) return;
      if (g === 1 || g > GRID_ORDINALS.length) throw new Error(`${community.code}: grids must be 2..4`);
      const gridCells = voronoiCells(community.poly, childSeeds(community.poly, g));
      for (let k = 0; k < g; k++) {
        const name = `${c.name}${GRID_ORDINALS[k]}网格`;
        grids.push(child(community, `${community.code}-g${k + 1}`, name, 'grid', gridCells[k]!));
      }
    });
  });
  return [district, ...streets, ...communities, ...grids];
}

/** Every area, the district first, then the streets, the communities and the grids. */
export function buildAreas(): AreaOut[] {
  const raw = buildRawAreas();
  const rings = finaliseRings(raw);
  return raw.map((a) => ({
    code: a.code,
    name: a.name,
    level: a.level,
    parent_code: a.parent_code,
    geometry: { type: 'Polygon', coordinates: [rings.get(a.code)!] },
    approximate: true,
  }));
}
