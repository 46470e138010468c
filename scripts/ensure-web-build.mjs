#!/usr/bin/env node
// `npm start` runs this first: builds the web application (web/ → dist/web) when the bundle is missing or older
// than its sources, so that a fresh clone serves the pages after `npm install && npm start`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'web', 'index.html');
const sources = [path.join(root, 'web'), path.join(root, 'package-lock.json')];

function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of fs.readdirSync(p)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    max = Math.max(max, newest(path.join(p, name)));
  }
  return max;
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newest));
if (builtAt && builtAt >= sourcesAt) process.exit(0);

console.log(
  builtAt ? 'web sources changed: rebuilding dist/web …' : 'building the web application into dist/web …',
);
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!fs.existsSync(vite)) {
  console.error('vite is not installed: run `npm install` first');
  process.exit(1);
}
const res = spawnSync(process.execPath, [vite, 'build', '--config', path.join('web', 'vite.config.ts')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
