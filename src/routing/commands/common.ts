/** What every reference-data write shares: the code of the URL, integrity errors as 4xx, a fresh cache. */
import type { AppContext } from '../../context.js';
import { dbConflict } from '../../http/db-errors.js';
import { AppError } from '../../http/errors.js';
import { referenceCache } from '../reference-cache.js';

/** What an upsert of reference data is given: the jurisdiction, the code of the URL, the body. */
export type Upsert<I> = { jurisdictionId: string; code: string; input: I };

/**
 * The body names the item it writes: it must be the one of the URL. An item of a hierarchy (an area, a
 * category) may not be the parent of one of its ancestors.
 */
export async function assertWritable(
  ctx: AppContext,
  opts: Upsert<{ code: string; parent_code?: string | null | undefined }>,
  hierarchy?: 'areas' | 'categories',
): Promise<void> {
  if (opts.input.code !== opts.code)
    throw new AppError('validation_failed', { issues: [{ path: 'code', message: 'must match the URL' }] });
  if (hierarchy)
    await assertAcyclic(ctx, hierarchy, opts.jurisdictionId, opts.input.code, opts.input.parent_code ?? null);
}

/** Runs a write of reference data; the jurisdiction's reference cache is dropped whatever the outcome. */
export async function writeReference<T>(ctx: AppContext, jurisdictionId: string, write: () => Promise<T>) {
  try {
    return await write().catch(dbConflict);
  } finally {
    referenceCache(ctx.db).invalidate(jurisdictionId);
  }
}

/** A parent may not be the item itself or one of its descendants: hierarchies are walked up to the root. */
async function assertAcyclic(
  ctx: AppContext,
  table: 'areas' | 'categories',
  jurisdictionId: string,
  code: string,
  parentCode: string | null,
) {
  const rows = await ctx.db
    .selectFrom(table)
    .select(['code', 'parent_code'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
  const parentOf = new Map(rows.map((r) => [r.code, r.parent_code]));
  const seen = new Set<string>();
  for (let p = parentCode; p !== null && p !== undefined; p = parentOf.get(p) ?? null) {
    if (p === code || seen.has(p)) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'parent_code', message: 'would make a cycle of parents' }],
      });
    }
    seen.add(p);
  }
}
