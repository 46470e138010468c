import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, RequestRow } from '../db/schema.js';
import type { Actor } from '../http/actor.js';
import type { Suggestions } from './suggest.js';

/** 一级 category code of any category code (codes are hierarchical: 01 → 0103 → 010302). */
const level1 = (code: string) => code.slice(0, 2);

/**
 * Records a dispatcher's disagreement with the classifier: another 一级 category, or another department.
 * Machine dispatches and requests without suggestions record nothing.
 */
export async function recordCorrection(
  tx: Transaction<DB>,
  opts: { row: RequestRow; actor: Actor; departmentCode: string; categoryCode: string | null },
): Promise<boolean> {
  const s = opts.row.suggestions as Suggestions | null;
  const top = s?.categories[0];
  if (opts.actor.kind !== 'user' || !s || !top) return false;
  const otherCategory = !!opts.categoryCode && !!top.code && level1(opts.categoryCode) !== level1(top.code);
  const otherDepartment = opts.departmentCode !== s.department_code;
  if (!otherCategory && !otherDepartment) return false;
  await tx
    .insertInto('classification_corrections')
    .values({
      jurisdiction_id: opts.row.jurisdiction_id,
      request_id: opts.row.id,
      model: s.model,
      suggested_category_code: top.code,
      suggested_confidence: top.confidence,
      suggested_department_code: s.department_code,
      chosen_category_code: opts.categoryCode,
      chosen_department_code: opts.departmentCode,
      actor_user_id: opts.actor.userId,
    })
    .execute();
  return true;
}

/** Corrected labels as training examples: {title, body, label} with the 一级 name the dispatcher chose. */
export async function correctedExamples(db: Kysely<DB>, jurisdictionId: string) {
  const rows = await db
    .selectFrom('classification_corrections as c')
    .innerJoin('requests as r', (j) =>
      j.onRef('r.jurisdiction_id', '=', 'c.jurisdiction_id').onRef('r.id', '=', 'c.request_id'),
    )
    .innerJoin('categories as k', (j) =>
      j
        .onRef('k.jurisdiction_id', '=', 'c.jurisdiction_id')
        .on(sql<boolean>`k.code = left(c.chosen_category_code, 2)`),
    )
    .select(['r.title_norm as title', 'r.body_norm as body', 'k.name as label'])
    .where('c.jurisdiction_id', '=', jurisdictionId)
    .where('c.chosen_category_code', 'is not', null)
    .orderBy('c.id')
    .execute();
  return rows;
}
