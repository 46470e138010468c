/** Admins attach service attributes to categories, and remove them. */
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { toDefinition } from './catalogue.js';
import { o311 } from './schema.js';
import type { AttributeInput } from './schemas.js';

type Target = { jurisdictionId: string; categoryCode: string; code: string };

/** Adds an attribute to a category, or changes the one with this code. */
export async function upsertAttribute(ctx: AppContext, t: Target & { input: AttributeInput }) {
  const category = await ctx.db
    .selectFrom('categories')
    .select('code')
    .where('jurisdiction_id', '=', t.jurisdictionId)
    .where('code', '=', t.categoryCode)
    .executeTakeFirst();
  if (!category) throw new AppError('not_found', { category_code: t.categoryCode });
  const { input } = t;
  const values = {
    variable: input.variable,
    datatype: input.datatype,
    required: input.required,
    datatype_description: input.datatype_description ?? null,
    sort_order: input.order ?? null,
    description: input.description ?? null,
    list_values: JSON.stringify(input.values ?? []),
    updated_at: ctx.now(),
  };
  const row = await o311(ctx.db)
    .insertInto('category_attributes')
    .values({ jurisdiction_id: t.jurisdictionId, category_code: t.categoryCode, code: t.code, ...values })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'category_code', 'code']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { category_code: t.categoryCode, ...toDefinition(row) };
}

/** Removes an attribute; false when the category has none with this code. */
export async function deleteAttribute(ctx: AppContext, t: Target): Promise<boolean> {
  const res = await o311(ctx.db)
    .deleteFrom('category_attributes')
    .where('jurisdiction_id', '=', t.jurisdictionId)
    .where('category_code', '=', t.categoryCode)
    .where('code', '=', t.code)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
