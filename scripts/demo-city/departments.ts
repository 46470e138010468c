/** The departments: district bureaus, one office per street, community committees, and utilities. */
import { BUREAUS, COMMITTEES, DISTRICT, STREETS, UTILITIES } from '../demo-city-facts.js';
import { check, SLUG } from './checks.js';

export interface DepartmentOut {
  code: string;
  name: string;
  kind: 'bureau' | 'street_office' | 'community' | 'utility';
  area_code: string | null;
}

export const DEPARTMENT_KINDS = ['bureau', 'street_office', 'community', 'utility'] as const;

/** Every department, checked against the area codes. */
export function buildDepartments(areaCodes: ReadonlySet<string>): DepartmentOut[] {
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
    if (d.area_code !== null)
      check(areaCodes.has(d.area_code), `${d.code}: unknown area_code ${d.area_code}`);
  }
  return departments;
}
