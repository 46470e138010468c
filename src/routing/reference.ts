import type { SlaProfileRow } from '../db/schema.js';
import { inJurisdiction, type Db } from '../db/source.js';
import { AppError } from '../http/errors.js';

export function getJurisdiction(db: Db, id: string) {
  return db
    .selectFrom('jurisdictions')
    .selectAll()
    .where('jurisdiction_id', '=', id)
    .executeTakeFirstOrThrow(() => new AppError('not_found', { jurisdiction_id: id }));
}

/** The SLA profile of a category (inherited from the nearest ancestor that has one), else `ordinary`. */
export async function slaProfileFor(
  db: Db,
  jurisdictionId: string,
  categoryCode: string | null,
): Promise<SlaProfileRow> {
  let code = 'ordinary';
  if (categoryCode) {
    const c = await inJurisdiction(db, 'categories', jurisdictionId)
      .select('sla_profile_code')
      .where('code', '=', categoryCode)
      .executeTakeFirst();
    if (c) code = c.sla_profile_code;
  }
  return inJurisdiction(db, 'sla_profiles', jurisdictionId)
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow(() => new AppError('unknown_reference', { sla_profile_code: code }));
}

export async function requireExists(
  db: Db,
  table: 'departments' | 'areas' | 'categories',
  jurisdictionId: string,
  code: string,
): Promise<void> {
  await db
    .selectFrom(table)
    .select('code')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('code', '=', code)
    .executeTakeFirstOrThrow(
      () =>
        new AppError('unknown_reference', { [`${table.replace(/s$/, '').replace(/ie$/, 'y')}_code`]: code }),
    );
}
