/**
 * Checks on the finished areas: valid rings, children inside their parent and tiling it, and a grid of test
 * points over the district each landing in exactly one street, community and (where there are grids) grid.
 */
import { DISTRICT, JURISDICTION, STREETS, type LonLat } from '../demo-city-facts.js';
import type { AreaOut } from './areas.js';
import { check, SLUG } from './checks.js';
import { centroid, project, unproject } from './geometry.js';
import { DECIMALS, roundTo } from './polygons.js';
import { isSimpleRing, pointInRing, ringArea } from './rings.js';

/** What the checks counted, for the summary. */
export type AreaCheckStats = {
  samplesChecked: number;
  maxAreaDiff: number;
  testGrid: TestGridStats;
};

export type TestGridStats = {
  /** Points per side. */
  size: number;
  inside: number;
  outside: number;
  /** Points inside communities that have grids. */
  gridPoints: number;
  bad: { street: number; community: number; grid: number; outside: number };
  streetHits: Map<string, number>;
};

type Rings = {
  byCode: ReadonlyMap<string, AreaOut>;
  ringOf: (code: string) => LonLat[];
  childrenOf: (code: string) => AreaOut[];
};

export function checkAreas(areas: readonly AreaOut[]): AreaCheckStats {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const rings: Rings = {
    byCode,
    ringOf: (code) => byCode.get(code)!.geometry.coordinates[0]!,
    childrenOf: (code) => areas.filter((a) => a.parent_code === code),
  };
  checkCodesAndRings(areas, rings);
  const samplesChecked = checkSamplePoints(areas, rings);
  const maxAreaDiff = checkTiling(areas, rings);
  for (const s of STREETS) {
    check(
      pointInRing(s.center, rings.ringOf(`${DISTRICT.code}-${s.slug}`)),
      `${s.name} centre outside its cell`,
    );
  }
  check(
    pointInRing(JURISDICTION.center, rings.ringOf(DISTRICT.code)),
    'jurisdiction centre outside district',
  );
  return { samplesChecked, maxAreaDiff, testGrid: checkTestGrid(areas, rings) };
}

function checkCodesAndRings(areas: readonly AreaOut[], { byCode, ringOf }: Rings) {
  check(byCode.size === areas.length, 'duplicate area codes');
  for (const a of areas) {
    check(SLUG.test(a.code), `area code not a slug: ${a.code}`);
    const ring = ringOf(a.code);
    check(ring.length >= 4, `${a.code}: ring too short`);
    check(ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1], `${a.code}: ring not closed`);
    check(ringArea(ring) > 0, `${a.code}: outer ring not counter-clockwise`);
    check(isSimpleRing(ring), `${a.code}: ring not simple`);
    check(
      ring.every(([x, y]) => roundTo(x) === x && roundTo(y) === y),
      `${a.code}: coordinates not rounded to ${DECIMALS} decimals`,
    );
    if (a.parent_code !== null)
      check(byCode.has(a.parent_code), `${a.code}: missing parent ${a.parent_code}`);
  }
  check(STREETS.length === 11, 'expected 11 streets/towns');
  check(byCode.has('xc-wangting-guoyuan'), '果园社区 missing');
}

/** The centroid and points near each vertex, inside a convex ring. */
function samplePoints(ring: readonly LonLat[]): LonLat[] {
  const c = unproject(centroid(ring.slice(0, -1).map(project)));
  const pts: LonLat[] = [c];
  for (const v of ring.slice(0, -1)) pts.push([c[0] + 0.9 * (v[0] - c[0]), c[1] + 0.9 * (v[1] - c[1])]);
  return pts;
}

/** Children's sample points lie in their parent, and in no sibling but their own area. */
function checkSamplePoints(areas: readonly AreaOut[], { ringOf, childrenOf }: Rings): number {
  let samplesChecked = 0;
  for (const a of areas) {
    if (a.parent_code === null) continue;
    const siblings = childrenOf(a.parent_code);
    for (const p of samplePoints(ringOf(a.code))) {
      samplesChecked++;
      check(pointInRing(p, ringOf(a.parent_code)), `${a.code}: sample ${p} outside parent ${a.parent_code}`);
      const hits = siblings.filter((s) => pointInRing(p, ringOf(s.code))).map((s) => s.code);
      check(hits.length === 1 && hits[0] === a.code, `${a.code}: sample ${p} hits siblings [${hits}]`);
    }
  }
  return samplesChecked;
}

/** Children's areas add up to their parent's; returns the largest relative difference. */
function checkTiling(areas: readonly AreaOut[], { ringOf, childrenOf }: Rings): number {
  let maxAreaDiff = 0;
  for (const a of areas) {
    const kids = childrenOf(a.code);
    if (kids.length === 0) continue;
    const sum = kids.reduce((s, k) => s + ringArea(ringOf(k.code)), 0);
    const diff = Math.abs(sum - ringArea(ringOf(a.code))) / ringArea(ringOf(a.code));
    maxAreaDiff = Math.max(maxAreaDiff, diff);
    check(diff < 1e-9, `${a.code}: children area differs from parent by ${diff}`);
  }
  return maxAreaDiff;
}

/** A grid of test points over the district's bounding box. */
function checkTestGrid(areas: readonly AreaOut[], { ringOf }: Rings): TestGridStats {
  const dRing = ringOf(DISTRICT.code);
  const minX = Math.min(...dRing.map((p) => p[0]));
  const maxX = Math.max(...dRing.map((p) => p[0]));
  const minY = Math.min(...dRing.map((p) => p[1]));
  const maxY = Math.max(...dRing.map((p) => p[1]));
  const N = 200;
  const streets = areas.filter((a) => a.level === 'street');
  const communities = areas.filter((a) => a.level === 'community');
  const gridAreas = areas.filter((a) => a.level === 'grid');
  const communitiesWithGrids = new Set(gridAreas.map((g) => g.parent_code));
  let inside = 0;
  let outside = 0;
  let gridPoints = 0;
  const bad = { street: 0, community: 0, grid: 0, outside: 0 };
  const streetHits = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const p: LonLat = [minX + ((i + 0.37) / N) * (maxX - minX), minY + ((j + 0.61) / N) * (maxY - minY)];
      const sHits = streets.filter((s) => pointInRing(p, ringOf(s.code)));
      const cHits = communities.filter((c) => pointInRing(p, ringOf(c.code)));
      const gHits = gridAreas.filter((g) => pointInRing(p, ringOf(g.code)));
      if (!pointInRing(p, dRing)) {
        outside++;
        if (sHits.length + cHits.length + gHits.length > 0) bad.outside++;
        continue;
      }
      inside++;
      if (sHits.length !== 1) bad.street++;
      else streetHits.set(sHits[0]!.code, (streetHits.get(sHits[0]!.code) ?? 0) + 1);
      if (cHits.length !== 1 || (sHits.length === 1 && cHits[0]!.parent_code !== sHits[0]!.code))
        bad.community++;
      if (cHits.length === 1 && communitiesWithGrids.has(cHits[0]!.code)) {
        gridPoints++;
        if (gHits.length !== 1 || gHits[0]!.parent_code !== cHits[0]!.code) bad.grid++;
      } else if (gHits.length !== 0) bad.grid++;
    }
  }
  check(bad.street === 0, `${bad.street} test points resolve to != 1 street`);
  check(bad.community === 0, `${bad.community} test points resolve to != 1 community (or wrong parent)`);
  check(bad.grid === 0, `${bad.grid} test points resolve to a wrong number of grids`);
  check(bad.outside === 0, `${bad.outside} test points outside the district hit an area`);
  for (const s of streets) check((streetHits.get(s.code) ?? 0) > 0, `${s.code}: no test point landed in it`);
  return { size: N, inside, outside, gridPoints, bad, streetHits };
}
