/**
 * The resident page's first load, in gzipped JavaScript, from the build output (dist/web): index.html's entry
 * script and its modulepreload links, plus the resident route chunks (/m: layout + my requests; /m/report:
 * layout + the report form) with every chunk they import statically. Target: < 300 KB. Also checks that
 * none of it is ECharts, Leaflet or a staff page.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
const DIST = path.join(ROOT, 'dist', 'web');
const TARGET_KB = 300;

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.log('dist/web is missing: building it (npm run build:web) …');
  execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
}
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>;
const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
const fromHtml = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g),
].map((m) => m[1]!);

const byFile = new Map(Object.entries(manifest).map(([key, c]) => [c.file, key]));
function closure(keys: string[]): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const c = manifest[key];
    if (!c || files.has(c.file)) return;
    files.add(c.file);
    for (const i of c.imports ?? []) visit(i);
  };
  keys.forEach(visit);
  return files;
}

const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const pages = {
  '/m (my requests)': ['src/views/resident/ResidentLayout.vue', 'src/views/resident/ResidentHome.vue'],
  '/m/report (report form)': [
    'src/views/resident/ResidentLayout.vue',
    'src/views/resident/ResidentReport.vue',
  ],
};
let worst = 0;
let failed = false;
for (const [page, routes] of Object.entries(pages)) {
  for (const r of routes) if (!manifest[r]) throw new Error(`no chunk for ${r} in the manifest`);
  const files = new Set([
    ...fromHtml,
    ...closure([...fromHtml.map((f) => byFile.get(f)!).filter(Boolean), ...routes]),
  ]);
  const js = [...files].filter((f) => f.endsWith('.js'));
  const sizes = js.map((f) => ({ f, n: gz(f) })).sort((a, b) => b.n - a.n);
  const total = sizes.reduce((s, x) => s + x.n, 0);
  worst = Math.max(worst, total);
  console.log(`\n${page}: ${js.length} JS files, ${kb(total)} gzipped`);
  for (const { f, n } of sizes) console.log(`  ${kb(n).padStart(9)}  ${f}`);
  const heavy = js.filter((f) => /echarts|leaflet|Dashboard|Console|Workbench|Admin|StaffLayout/.test(f));
  if (heavy.length) {
    console.log(`  ✗ the resident page pulls staff or chart code: ${heavy.join(', ')}`);
    failed = true;
  }
}
console.log(`\nresident first-load JS: ${kb(worst)} gzipped (target < ${TARGET_KB} KB)`);
if (worst >= TARGET_KB * 1024 || failed) process.exit(1);
