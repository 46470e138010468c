import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { SlaBody } from '../schemas.js';
import { assertWritable, writeReference, type Upsert } from './common.js';

/** Adds an SLA profile (时限配置), or changes the one with this code. */
export async function upsertSlaProfile(ctx: AppContext, opts: Upsert<z.output<typeof SlaBody>>) {
  const { input, jurisdictionId } = opts;
  await assertWritable(ctx, opts);
  const { code: _code, ...update } = input;
  return writeReference(ctx, jurisdictionId, () =>
    ctx.db
      .insertInto('sla_profiles')
      .values({ jurisdiction_id: jurisdictionId, ...input })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'code']).doUpdateSet(update))
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}
