import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { DepartmentBody } from '../schemas.js';
import { assertWritable, writeReference, type Upsert } from './common.js';

/** Adds a department, or changes the one with this code. */
export async function upsertDepartment(ctx: AppContext, opts: Upsert<z.output<typeof DepartmentBody>>) {
  const { input } = opts;
  await assertWritable(ctx, opts);
  const values = { jurisdiction_id: opts.jurisdictionId, ...input, area_code: input.area_code ?? null };
  return writeReference(ctx, opts.jurisdictionId, () =>
    ctx.db
      .insertInto('departments')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['jurisdiction_id', 'code']).doUpdateSet({
          name: input.name,
          kind: input.kind,
          area_code: values.area_code,
          active: input.active ?? true,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}
