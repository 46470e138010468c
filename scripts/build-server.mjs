#!/usr/bin/env node
// Compiles the server (src/ → lib/, tests left out) and copies the SQL migrations beside it. `npm start` runs the
// compiled JavaScript: the same code as through tsx, without the transpiler's ~60 MB in every server process.
// bin/banshi.js uses lib/ only while it is newer than every file in src/ (see lib-fresh.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(tsc)) {
  console.error('typescript is not installed: run `npm install` first');
  process.exit(1);
}
const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (res.status !== 0) process.exit(res.status ?? 1);
const from = path.join(root, 'src', 'db', 'migrations');
const to = path.join(root, 'lib', 'db', 'migrations');
fs.rmSync(to, { recursive: true, force: true });
fs.cpSync(from, to, { recursive: true });
fs.writeFileSync(path.join(root, 'lib', '.built'), new Date().toISOString());
