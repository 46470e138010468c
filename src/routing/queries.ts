/** Reading a jurisdiction's reference data: departments, areas, categories, SLA profiles. */
import { inJurisdiction, type DbSource } from '../db/source.js';

export function listDepartments(source: DbSource, j: string) {
  return inJurisdiction(source, 'departments', j)
    .select(['code', 'name', 'kind', 'area_code', 'active'])
    .orderBy('kind')
    .orderBy('code')
    .execute();
}

/** Areas by code; with their polygons when asked (the maps draw them). */
export function listAreas(source: DbSource, j: string, opts: { geometry: boolean }) {
  return inJurisdiction(source, 'areas', j)
    .select(['code', 'name', 'level', 'parent_code', 'approximate'])
    .$if(opts.geometry, (q) => q.select('geometry'))
    .orderBy('code')
    .execute();
}

export function listCategories(source: DbSource, j: string) {
  return inJurisdiction(source, 'categories', j)
    .select([
      'code',
      'name',
      'level',
      'parent_code',
      'default_department_code',
      'request_types',
      'sla_profile_code',
      'active',
      'keywords',
    ])
    .orderBy('code')
    .execute();
}

export function listSlaProfiles(source: DbSource, j: string) {
  return inJurisdiction(source, 'sla_profiles', j).selectAll().orderBy('code').execute();
}

/** The kind of a department (a community places orders), or null when there is none. */
export async function departmentKind(source: DbSource, j: string, code: string | null) {
  if (code === null) return null;
  const d = await inJurisdiction(source, 'departments', j)
    .select('kind')
    .where('code', '=', code)
    .executeTakeFirst();
  return d?.kind ?? null;
}
