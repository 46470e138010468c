/** Writes city.json, messages.jsonl and replies.jsonl. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JURISDICTION } from '../demo-city-facts.js';
import type { DemoCityParts } from './summary.js';

export function writeDemoCity(outDir: string, parts: DemoCityParts): void {
  mkdirSync(outDir, { recursive: true });
  const city = {
    jurisdiction: JURISDICTION,
    areas: parts.areas,
    departments: parts.departments,
    category_departments: parts.categoryDepartments,
  };
  // coordinate pairs on one line each: [lon, lat]
  const json = JSON.stringify(city, null, 2).replace(
    /\[\s+(-?\d+(?:\.\d+)?),\s+(-?\d+(?:\.\d+)?)\s+\]/g,
    '[$1, $2]',
  );
  const lines = (items: readonly unknown[]) => items.map((m) => JSON.stringify(m)).join('\n') + '\n';
  writeFileSync(join(outDir, 'city.json'), json + '\n');
  writeFileSync(join(outDir, 'messages.jsonl'), lines(parts.messages.items));
  writeFileSync(join(outDir, 'replies.jsonl'), lines(parts.replies.items));
  console.log('wrote data/demo/city.json, data/demo/messages.jsonl, data/demo/replies.jsonl');
}
