// Deterministic generator for the demo-city reference data (苏州市相城区, jurisdiction `xiangcheng`).
//
//   npx tsx scripts/build-demo-city.ts
//
// Writes data/demo/city.json, data/demo/messages.jsonl and data/demo/replies.jsonl.
// Input CSVs (TipDM 2020 C) are read from $TIPDM_DIR (default ../shared/data/tipdm beside the repository).
//
// Geometry: the district outline is a hand-drawn convex polygon; streets are Voronoi cells of the
// approximate town centres clipped to it (half-plane clipping, Sutherland–Hodgman); communities are
// Voronoi cells of generated points inside their street, grids likewise inside their community.
// All cells are convex. Vertices are pooled across levels, vertices lying on another polygon's edge are
// inserted into that edge (no T-junctions), then rounded to 5 decimals — so siblings share identical
// edges and children tile their parent exactly, even after rounding.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUREAUS,
  CATEGORY_DEFAULTS,
  CATEGORY_OVERRIDES,
  COMMITTEES,
  DISTRICT,
  GRID_ORDINALS,
  JURISDICTION,
  STREETS,
  UTILITIES,
  type LonLat,
} from './demo-city-facts.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'data', 'demo');
const TIPDM_DIR = process.env.TIPDM_DIR ?? new URL('../../shared/data/tipdm', import.meta.url).pathname;

const SEED = 20200712;
const MESSAGE_COUNT = 400;
const REPLY_COUNT = 60;
const DECIMALS = 5;

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: quoted fields may contain commas, doubled quotes and newlines; CRLF or LF)

function readCsvObjects(file: string): Record<string, string>[] {
  const rows: string[][] = parse(readFileSync(file, 'utf8'), {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const header = rows[0];
  if (!header) throw new Error(`${file}: empty CSV`);
  return rows.slice(1).map((r, idx) => {
    if (r.length !== header.length) {
      throw new Error(`${file}: row ${idx + 2} has ${r.length} fields, header has ${header.length}`);
    }
    const o: Record<string, string> = {};
    header.forEach((h, k) => (o[h] = r[k]!));
    return o;
  });
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampleIndices(n: number, k: number, rand: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, Math.min(k, n)).sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Planar geometry. Computation happens in a local equirectangular projection (x = lon·cos φ0,
// y = lat) so that Voronoi cells are not stretched east–west.

type Pt = [number, number];
const KX = Math.cos((31.45 * Math.PI) / 180);
const project = ([lon, lat]: LonLat): Pt => [lon * KX, lat];
const unproject = ([x, y]: Pt): LonLat => [x / KX, y];

function signedArea(poly: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i]!;
    const [x2, y2] = poly[(i + 1) % poly.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

function centroid(poly: readonly Pt[]): Pt {
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

function isConvexCCW(poly: readonly Pt[]): boolean {
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
function voronoiCells(parent: readonly Pt[], seeds: readonly Pt[]): Pt[][] {
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
function childSeeds(poly: readonly Pt[], n: number): Pt[] {
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

/** Ray casting (crossing number) point-in-polygon for a closed GeoJSON ring. */
function pointInRing(p: LonLat, ring: readonly LonLat[]): boolean {
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
function isSimpleRing(ring: readonly LonLat[]): boolean {
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

function ringArea(ring: readonly LonLat[]): number {
  return signedArea(ring.slice(0, -1) as Pt[]);
}

// ---------------------------------------------------------------------------------------------
// Area hierarchy (raw, unrounded, projected)

type Level = 'district' | 'street' | 'community' | 'grid';

interface RawArea {
  code: string;
  name: string;
  level: Level;
  parent_code: string | null;
  poly: Pt[]; // projected, convex, CCW
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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
  const streets: RawArea[] = [];
  const communities: RawArea[] = [];
  const grids: RawArea[] = [];
  const streetCells = voronoiCells(
    districtPoly,
    STREETS.map((s) => project(s.center)),
  );
  STREETS.forEach((s, si) => {
    const street: RawArea = {
      code: `${DISTRICT.code}-${s.slug}`,
      name: s.name,
      level: 'street',
      parent_code: DISTRICT.code,
      poly: streetCells[si]!,
    };
    streets.push(street);
    const commCells = voronoiCells(street.poly, childSeeds(street.poly, s.communities.length));
    s.communities.forEach((c, ci) => {
      const community: RawArea = {
        code: `${street.code}-${c.slug}`,
        name: c.name,
        level: 'community',
        parent_code: street.code,
        poly: commCells[ci]!,
      };
      communities.push(community);
      const g = c.grids ?? 0;
      if (g <= 0) return;
      if (g === 1 || g > GRID_ORDINALS.length) throw new Error(`${community.code}: grids must be 2..4`);
      const gridCells = voronoiCells(community.poly, childSeeds(community.poly, g));
      for (let k = 0; k < g; k++) {
        grids.push({
          code: `${community.code}-g${k + 1}`,
          name: `${c.name}${GRID_ORDINALS[k]}网格`,
          level: 'grid',
          parent_code: community.code,
          poly: gridCells[k]!,
        });
      }
    });
  });
  return [district, ...streets, ...communities, ...grids];
}

// ---------------------------------------------------------------------------------------------
// Vertex pooling, T-junction removal and rounding

interface PooledVertex {
  raw: LonLat;
  rounded: LonLat;
}

function roundTo(v: number): number {
  const f = 10 ** DECIMALS;
  return Math.round(v * f) / f;
}

function finaliseRings(raw: RawArea[]): Map<string, LonLat[]> {
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

// ---------------------------------------------------------------------------------------------
// Output types

interface AreaOut {
  code: string;
  name: string;
  level: Level;
  parent_code: string | null;
  geometry: { type: 'Polygon'; coordinates: LonLat[][] };
  approximate: true;
}

interface DepartmentOut {
  code: string;
  name: string;
  kind: 'bureau' | 'street_office' | 'community' | 'utility';
  area_code: string | null;
}

interface CategoryDepartmentOut {
  level1: string;
  level2: string | null;
  department_code: string;
}

// ---------------------------------------------------------------------------------------------
// Validation helpers

const errors: string[] = [];
function check(cond: boolean, msg: string): void {
  if (!cond) errors.push(msg);
}

function samplePoints(ring: readonly LonLat[]): LonLat[] {
  const c = unproject(centroid(ring.slice(0, -1).map(project)));
  const pts: LonLat[] = [c];
  for (const v of ring.slice(0, -1)) pts.push([c[0] + 0.9 * (v[0] - c[0]), c[1] + 0.9 * (v[1] - c[1])]);
  return pts;
}

// ---------------------------------------------------------------------------------------------
// Text data

function cleanText(s: string): { text: string; scrubbed: number } {
  let scrubbed = 0;
  let t = s.replace(/\r\n?/g, '\n').trim();
  // anonymised user ids (A00045581, UU0081548 …) — drop them, they are user identifiers
  t = t.replace(/网友\s*[“"]?[A-Z]{1,2}\d{5,}[”"]?/g, () => {
    scrubbed++;
    return '网友';
  });
  t = t.replace(/[“"]?\b[A-Z]{1,2}\d{6,}\b[”"]?/g, () => {
    scrubbed++;
    return '某用户';
  });
  return { text: t, scrubbed };
}

const PHONE = /(?:\d{3,4}[-－—])?\d{7,8}|1[3-9]\d{9}/;

// ---------------------------------------------------------------------------------------------

function main(): void {
  // ---- areas
  const raw = buildRawAreas();
  const rings = finaliseRings(raw);
  const areas: AreaOut[] = raw.map((a) => ({
    code: a.code,
    name: a.name,
    level: a.level,
    parent_code: a.parent_code,
    geometry: { type: 'Polygon', coordinates: [rings.get(a.code)!] },
    approximate: true,
  }));
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const ringOf = (code: string) => byCode.get(code)!.geometry.coordinates[0]!;
  const childrenOf = (code: string) => areas.filter((a) => a.parent_code === code);

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
  const streetCount = STREETS.length;
  check(streetCount === 11, 'expected 11 streets/towns');
  check(byCode.has('xc-wangting-guoyuan'), '果园社区 missing');

  // children sample points lie in their parent (and only in their own sibling)
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

  // area sums: children tile their parent
  let maxAreaDiff = 0;
  for (const a of areas) {
    const kids = childrenOf(a.code);
    if (kids.length === 0) continue;
    const sum = kids.reduce((s, k) => s + ringArea(ringOf(k.code)), 0);
    const diff = Math.abs(sum - ringArea(ringOf(a.code))) / ringArea(ringOf(a.code));
    maxAreaDiff = Math.max(maxAreaDiff, diff);
    check(diff < 1e-9, `${a.code}: children area differs from parent by ${diff}`);
  }

  // street seeds and jurisdiction centre
  for (const s of STREETS) {
    check(pointInRing(s.center, ringOf(`${DISTRICT.code}-${s.slug}`)), `${s.name} centre outside its cell`);
  }
  check(pointInRing(JURISDICTION.center, ringOf(DISTRICT.code)), 'jurisdiction centre outside district');

  // grid of test points over the district bbox
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

  // ---- departments
  const departments: DepartmentOut[] = [
    ...BUREAUS.map((b) => ({ ...b, kind: 'bureau' as const, area_code: DISTRICT.code })),
    ...STREETS.map((s) => ({
      code: s.office.code,
      name: s.office.name,
      kind: 'street_office' as const,
      area_code: `${DISTRICT.code}-${s.slug}`,
    })),
    ...COMMITTEES.map((c) => ({
      code: c.code,
      name: c.name,
      kind: 'community' as const,
      area_code: `${DISTRICT.code}-${c.street}-${c.community}`,
    })),
    ...UTILITIES.map((u) => ({ ...u, kind: 'utility' as const, area_code: null })),
  ];
  const deptCodes = new Set(departments.map((d) => d.code));
  check(deptCodes.size === departments.length, 'duplicate department codes');
  for (const d of departments) {
    check(SLUG.test(d.code), `department code not a slug: ${d.code}`);
    if (d.area_code !== null) check(byCode.has(d.area_code), `${d.code}: unknown area_code ${d.area_code}`);
  }

  // ---- category → department
  const taxonomy = readCsvObjects(join(TIPDM_DIR, 'taxonomy.csv'));
  const level1s: string[] = [];
  const level2s = new Set<string>();
  for (const r of taxonomy) {
    const l1 = r.level1!.trim();
    if (!level1s.includes(l1)) level1s.push(l1);
    level2s.add(`${l1}/${r.level2!.trim()}`);
  }
  const categoryDepartments: CategoryDepartmentOut[] = [];
  for (const l1 of level1s) {
    const def = CATEGORY_DEFAULTS[l1];
    check(def !== undefined, `level1 ${l1} has no default department`);
    if (def !== undefined) categoryDepartments.push({ level1: l1, level2: null, department_code: def });
    for (const [o1, o2, dep] of CATEGORY_OVERRIDES) {
      if (o1 === l1) categoryDepartments.push({ level1: o1, level2: o2, department_code: dep });
    }
  }
  check(level1s.length === 15, `expected 15 level1 categories, taxonomy has ${level1s.length}`);
  for (const l1 of Object.keys(CATEGORY_DEFAULTS))
    check(level1s.includes(l1), `default for unknown level1 ${l1}`);
  const seenPairs = new Set<string>();
  for (const [o1, o2] of CATEGORY_OVERRIDES) {
    check(level2s.has(`${o1}/${o2}`), `override for unknown level2 ${o1}/${o2}`);
    check(!seenPairs.has(`${o1}/${o2}`), `duplicate override ${o1}/${o2}`);
    seenPairs.add(`${o1}/${o2}`);
  }
  for (const cd of categoryDepartments) {
    check(
      deptCodes.has(cd.department_code),
      `category ${cd.level1}/${cd.level2} → unknown ${cd.department_code}`,
    );
  }

  // ---- messages
  const msgRows = readCsvObjects(join(TIPDM_DIR, 'messages_likes.csv'));
  let scrubbedIds = 0;
  const seenMsg = new Set<string>();
  const eligibleMsgs: { title: string; body: string; likes: number; scrubbed: number }[] = [];
  for (const r of msgRows) {
    const title = cleanText(r.title ?? '');
    const body = cleanText(r.body ?? '');
    if (body.text.length < 10 || body.text.length > 1500 || title.text.length === 0) continue;
    const key = `${title.text}\u0000${body.text}`;
    if (seenMsg.has(key)) continue;
    seenMsg.add(key);
    const likes = Number.parseInt(r.likes ?? '0', 10);
    eligibleMsgs.push({
      title: title.text,
      body: body.text,
      likes: Number.isFinite(likes) ? likes : 0,
      scrubbed: title.scrubbed + body.scrubbed,
    });
  }
  const messages = sampleIndices(eligibleMsgs.length, MESSAGE_COUNT, mulberry32(SEED)).map((i) => {
    const { title, body, likes, scrubbed } = eligibleMsgs[i]!;
    scrubbedIds += scrubbed;
    return { title, body, likes };
  });
  check(messages.length === MESSAGE_COUNT, `only ${messages.length} messages sampled`);

  // ---- replies
  const replyRows = readCsvObjects(join(TIPDM_DIR, 'replies.csv'));
  check('reply' in (replyRows[0] ?? {}), 'replies.csv has no `reply` column');
  const seenReply = new Set<string>();
  const eligibleReplies: { reply: string; scrubbed: number }[] = [];
  let replyScrubbed = 0;
  for (const r of replyRows) {
    const c = cleanText(r.reply ?? '');
    if (c.text.length < 40 || c.text.length > 1500 || PHONE.test(c.text) || seenReply.has(c.text)) continue;
    seenReply.add(c.text);
    eligibleReplies.push({ reply: c.text, scrubbed: c.scrubbed });
  }
  const replies = sampleIndices(eligibleReplies.length, REPLY_COUNT, mulberry32(SEED + 1)).map((i) => {
    replyScrubbed += eligibleReplies[i]!.scrubbed;
    return { reply: eligibleReplies[i]!.reply };
  });
  check(replies.length === REPLY_COUNT, `only ${replies.length} replies sampled`);

  // ---- summary
  const count = (l: Level) => areas.filter((a) => a.level === l).length;
  const kinds = ['bureau', 'street_office', 'community', 'utility'] as const;
  console.log('demo city: %s (%s)', JURISDICTION.name, JURISDICTION.id);
  console.log(
    'areas: %d district, %d street, %d community, %d grid (%d total)',
    count('district'),
    count('street'),
    count('community'),
    count('grid'),
    areas.length,
  );
  console.log(
    'departments: %d (%s)',
    departments.length,
    kinds.map((k) => `${departments.filter((d) => d.kind === k).length} ${k}`).join(', '),
  );
  console.log(
    'category_departments: %d (%d level1 defaults, %d level2 overrides)',
    categoryDepartments.length,
    categoryDepartments.filter((c) => c.level2 === null).length,
    categoryDepartments.filter((c) => c.level2 !== null).length,
  );
  console.log(
    'messages: %d of %d eligible (%d rows in CSV); replies: %d of %d eligible (%d rows)',
    messages.length,
    eligibleMsgs.length,
    msgRows.length,
    replies.length,
    eligibleReplies.length,
    replyRows.length,
  );
  console.log('validation:');
  console.log('  child sample points checked (in parent, in exactly one sibling): %d', samplesChecked);
  console.log('  max |Σ child area − parent area| / parent area: %s', maxAreaDiff.toExponential(2));
  console.log(
    '  test grid %dx%d: %d points inside district, %d outside; %d inside grid-bearing communities',
    N,
    N,
    inside,
    outside,
    gridPoints,
  );
  console.log(
    '  points resolving to != 1 street: %d, != 1 community: %d, wrong grid: %d, outside-but-hit: %d',
    bad.street,
    bad.community,
    bad.grid,
    bad.outside,
  );
  console.log(
    '  points per street: %s',
    streets.map((s) => `${s.name} ${streetHits.get(s.code) ?? 0}`).join(', '),
  );
  console.log(
    '  user ids scrubbed: %d in sampled messages, %d in sampled replies',
    scrubbedIds,
    replyScrubbed,
  );

  if (errors.length > 0) {
    console.error(`\nVALIDATION FAILED (${errors.length}):`);
    for (const e of errors.slice(0, 50)) console.error('  - ' + e);
    process.exit(1);
  }
  console.log('  all checks passed');

  // ---- write
  mkdirSync(OUT_DIR, { recursive: true });
  const city = {
    jurisdiction: JURISDICTION,
    areas,
    departments,
    category_departments: categoryDepartments,
  };
  const json = JSON.stringify(city, null, 2).replace(
    /\[\s+(-?\d+(?:\.\d+)?),\s+(-?\d+(?:\.\d+)?)\s+\]/g,
    '[$1, $2]',
  );
  writeFileSync(join(OUT_DIR, 'city.json'), json + '\n');
  writeFileSync(join(OUT_DIR, 'messages.jsonl'), messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
  writeFileSync(join(OUT_DIR, 'replies.jsonl'), replies.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log('wrote data/demo/city.json, data/demo/messages.jsonl, data/demo/replies.jsonl');
}

main();
