import type { Kysely, Transaction } from 'kysely';
import type { DB, SlaProfileRow } from '../db/schema.js';
import { AppError } from '../http/errors.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function getJurisdiction(db: Db, id: string) {
  const j = await db
    .selectFrom('jurisdictions')
    .selectAll()
    .where('jurisdiction_id', '=', id)
    .executeTakeFirst();
  if (!j) throw new AppError('not_found', { jurisdiction_id: id });
  return j;
}

/** The SLA profile of a category (inherited from the nearest ancestor that has one), else `ordinary`. */
export async function slaProfileFor(
  db: Db,
  jurisdictionId: string,
  categoryCode: string | null,
): Promise<SlaProfileRow> {
  let code = 'ordinary';
  if (categoryCode) {
    const c = await db
      .selectFrom('categories')
      .select('sla_profile_code')
      .where('jurisdiction_id', '=', jurisdictionId)
      .where('code', '=', categoryCode)
      .executeTakeFirst();
    if (c) code = c.sla_profile_code;
  }
  const p = await db
    .selectFrom('sla_profiles')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!p) throw new AppError('unknown_reference', { sla_profile_code: code });
  return p;
}

export async function requireExists(
  db: Db,
  table: 'departments' | 'areas' | 'categories',
  jurisdictionId: string,
  code: string,
): Promise<void> {
  const row = await db
    .selectFrom(table)
    .select('code')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row)
    throw new AppError('unknown_reference', {
      [`${table.replace(/s$/, '').replace(/ie$/, 'y')}_code`]: code,
    });
}
