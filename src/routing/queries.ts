/** Reading a jurisdiction's reference data: departments, areas, categories, SLA profiles. */
import { dbOf, type DbSource } from '../db/source.js';

export function listDepartments(source: DbSource, j: string) {
  return dbOf(source)
    .selectFrom('departments')
    .select(['code', 'name', 'kind', 'area_code', 'active'])
    .where('jurisdiction_id', '=', j)
    .orderBy('kind')
    .orderBy('code')
    .execute();
}

/** Areas by code; with their polygons when asked (the maps draw them). */
export function listAreas(source: DbSource, j: string, opts: { geometry: boolean }) {
  return dbOf(source)
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code', 'approximate'])
    .$if(opts.geometry, (q) => q.select('geometry'))
    .where('jurisdiction_id', '=', j)
    .orderBy('code')
    .execute();
}

export function listCategories(source: DbSource, j: string) {
  return dbOf(source)
    .selectFrom('categories')
    .select([
      'code',
      'name',
      'level',
      'parent_code',
      'default_department_code',
      'request_types',
      'sla_profile_code',
      'active',
    ])
    .where('jurisdiction_id', '=', j)
    .orderBy('code')
    .execute();
}

export function listSlaProfiles(source: DbSource, j: string) {
  return dbOf(source)
    .selectFrom('sla_profiles')
    .selectAll()
    .where('jurisdiction_id', '=', j)
    .orderBy('code')
    .execute();
}

/** The kind of a department (a community places orders), or null when there is none. */
export async function departmentKind(source: DbSource, j: string, code: string | null) {
  if (code === null) return null;
  const d = await dbOf(source)
    .selectFrom('departments')
    .select('kind')
    .where('jurisdiction_id', '=', j)
    .where('code', '=', code)
    .executeTakeFirst();
  return d?.kind ?? null;
}
