/**
 * Builds data/templates/projects-template.xlsx, the ledger template offices fill in (`banshi projects import`
 * reads it; GET /api/v1/projects/template serves it): the 实事项目台账 and 节点安排 sheets with their headers and
 * drop-down lists, and the 填写说明 sheet describing every column. Run: npx tsx scripts/build-project-template.ts
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeLedger } from '../src/projects/xlsx.js';

const target = fileURLToPath(new URL('../data/templates/projects-template.xlsx', import.meta.url));
fs.mkdirSync(new URL('../data/templates/', import.meta.url), { recursive: true });
const file = await writeLedger(
  [],
  { departments: new Map(), areas: new Map() },
  new Date().toISOString().slice(0, 10),
);
fs.writeFileSync(target, file);
console.log(`wrote ${target} (${file.length} bytes)`);
