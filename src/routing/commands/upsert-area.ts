import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { bbox } from '../geo.js';
import type { AreaBody } from '../schemas.js';
import { assertWritable, writeReference, type Upsert } from './common.js';

/** Adds an area, or changes the one with this code; its bounding box is kept beside the polygon. */
export async function upsertArea(ctx: AppContext, opts: Upsert<z.output<typeof AreaBody>>) {
  const { input, jurisdictionId } = opts;
  await assertWritable(ctx, opts, 'areas');
  const geometry = input.geometry ?? null;
  const box = geometry ? bbox(geometry) : { min_lon: null, min_lat: null, max_lon: null, max_lat: null };
  const update = {
    name: input.name,
    level: input.level,
    parent_code: input.parent_code ?? null,
    geometry: JSON.stringify(geometry),
    approximate: input.approximate ?? false,
    ...box,
  };
  return writeReference(ctx, jurisdictionId, () =>
    ctx.db
      .insertInto('areas')
      .values({ jurisdiction_id: jurisdictionId, code: input.code, ...update })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'code']).doUpdateSet(update))
      .returning(['code', 'name', 'level', 'parent_code', 'approximate'])
      .executeTakeFirstOrThrow(),
  );
}
