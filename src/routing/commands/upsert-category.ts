import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { REQUEST_TYPES } from '../../db/schema.js';
import type { CategoryBody } from '../schemas.js';
import { assertWritable, writeReference, type Upsert } from './common.js';

/** Adds a category, or changes the one with this code (every request type and the ordinary SLA by default). */
export async function upsertCategory(ctx: AppContext, opts: Upsert<z.output<typeof CategoryBody>>) {
  const { input, jurisdictionId } = opts;
  await assertWritable(ctx, opts, 'categories');
  const update = {
    name: input.name,
    level: input.level,
    parent_code: input.parent_code ?? null,
    default_department_code: input.default_department_code ?? null,
    request_types: JSON.stringify(input.request_types ?? REQUEST_TYPES),
    sla_profile_code: input.sla_profile_code ?? 'ordinary',
    active: input.active ?? true,
    keywords: JSON.stringify(input.keywords ?? []),
  };
  return writeReference(ctx, jurisdictionId, () =>
    ctx.db
      .insertInto('categories')
      .values({ jurisdiction_id: jurisdictionId, code: input.code, ...update })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'code']).doUpdateSet(update))
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}
