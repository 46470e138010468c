/**
 * Which department a category goes to: a default for each 一级 category of the TipDM taxonomy, and overrides
 * for some 二级 categories.
 */
import { join } from 'node:path';
import { CATEGORY_DEFAULTS, CATEGORY_OVERRIDES } from '../demo-city-facts.js';
import { check } from './checks.js';
import { readCsvObjects } from './csv.js';

export interface CategoryDepartmentOut {
  level1: string;
  level2: string | null;
  department_code: string;
}

/** The category → department rows, checked against taxonomy.csv (in `tipdmDir`) and the departments. */
export function buildCategoryDepartments(
  tipdmDir: string,
  deptCodes: ReadonlySet<string>,
): CategoryDepartmentOut[] {
  const taxonomy = readCsvObjects(join(tipdmDir, 'taxonomy.csv'));
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
  return categoryDepartments;
}
