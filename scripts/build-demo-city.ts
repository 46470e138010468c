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
//
// The facts (names, centres, departments, category routing) are in demo-city-facts.ts; the steps in
// demo-city/: areas and polygons, departments, categories, messages; every step checks its output, and
// nothing is written unless every check passed.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAreas } from './demo-city/area-checks.js';
import { buildAreas } from './demo-city/areas.js';
import { buildCategoryDepartments } from './demo-city/categories.js';
import { failedChecks } from './demo-city/checks.js';
import { buildDepartments } from './demo-city/departments.js';
import { sampleMessages, sampleReplies } from './demo-city/messages.js';
import { printSummary, type DemoCityParts } from './demo-city/summary.js';
import { writeDemoCity } from './demo-city/write.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'data', 'demo');
const TIPDM_DIR = process.env.TIPDM_DIR ?? new URL('../../shared/data/tipdm', import.meta.url).pathname;

const areas = buildAreas();
const stats = checkAreas(areas);
const departments = buildDepartments(new Set(areas.map((a) => a.code)));
const parts: DemoCityParts = {
  areas,
  departments,
  categoryDepartments: buildCategoryDepartments(TIPDM_DIR, new Set(departments.map((d) => d.code))),
  messages: sampleMessages(TIPDM_DIR),
  replies: sampleReplies(TIPDM_DIR),
};
printSummary(parts, stats);

const failures = failedChecks();
if (failures.length > 0) {
  console.error(`\nVALIDATION FAILED (${failures.length}):`);
  for (const e of failures.slice(0, 50)) console.error('  - ' + e);
  process.exit(1);
}
console.log('  all checks passed');
writeDemoCity(OUT_DIR, parts);
