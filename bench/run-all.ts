/** Runs every benchmark under bench/ in turn (each prints its own figures); `npm run bench -- NAME…` runs some. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !['run-all.ts', 'lib.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`no benchmark ${name}; have: ${all.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== bench/${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
