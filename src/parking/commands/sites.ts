import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { dbConflict } from '../../http/db-errors.js';
import { AppError } from '../../http/errors.js';
import { mayManageParkingSites } from '../../http/policies.js';
import { areaOfPlace } from '../../routing/areas.js';
import { referenceCache } from '../../routing/reference-cache.js';
import type { SiteInput } from '../schemas.js';
import { siteIndex } from '../site-index.js';
import { siteIssues } from '../site-rules.js';
import { lockSite, throwIssues } from './common.js';

/** Adds a parking site (admins): its area is found from its point, which must lie in the jurisdiction. */
export async function createSite(ctx: AppContext, opts: { actor: Actor; input: SiteInput }): Promise<number> {
  const { actor, input } = opts;
  if (!mayManageParkingSites(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  const ref = await referenceCache(ctx.db).get(j);
  throwIssues(siteIssues(input, ref));
  const areaCode = await areaOfPlace(ctx.db, j, { lat: input.lat, lon: input.lon });
  const now = ctx.now();
  const row = await ctx.db
    .insertInto('parking_sites')
    .values({ jurisdiction_id: j, ...input, area_code: areaCode, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => dbConflict(err, { conflict: { code: input.code } }));
  siteIndex(ctx.db).invalidate(j);
  return row.id;
}

export type SitePatch = Partial<Omit<SiteInput, 'code'>>;

/** Edits a site (admins); a new point finds its area again. */
export async function updateSite(
  ctx: AppContext,
  opts: { actor: Actor; id: number; patch: SitePatch; expectedVersion?: number | undefined },
): Promise<void> {
  const { actor, patch } = opts;
  if (!mayManageParkingSites(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  const ref = await referenceCache(ctx.db).get(j);
  await ctx.db.transaction().execute(async (tx) => {
    const current = await lockSite(tx, j, opts.id, opts.expectedVersion);
    const {
      jurisdiction_id: _j,
      id: _id,
      area_code,
      version,
      created_at: _c,
      updated_at: _u,
      ...fields
    } = current;
    const merged: SiteInput = { ...fields, ...patch };
    throwIssues(siteIssues(merged, ref));
    const moved = merged.lat !== current.lat || merged.lon !== current.lon;
    const area = moved ? await areaOfPlace(tx, j, { lat: merged.lat, lon: merged.lon }) : area_code;
    await tx
      .updateTable('parking_sites')
      .set({ ...patch, area_code: area, version: version + 1, updated_at: ctx.now() })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', current.id)
      .execute();
  });
  siteIndex(ctx.db).invalidate(j);
}
