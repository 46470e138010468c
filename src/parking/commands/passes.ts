/**
 * Passes to a window's audience: a school's parents or a unit's staff are admitted by the site's operating
 * department, a community's residents by the community's committee (社区居委会); admins admit anyone. The phone
 * is kept as its keyed hash and shown masked: a resident books with the phone they log in with.
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayGrantResidentPass, mayGrantSitePass } from '../../http/policies.js';
import { maskPhone, normalisePhone } from '../../privacy/mask.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { loadPass } from '../queries.js';
import { siteOrNotFound } from './common.js';

export type PassInput = {
  phone: string;
  audience: 'residents' | 'parents' | 'staff';
  site_id?: number | undefined;
  area_code?: string | undefined;
  note: string;
};

async function actorDepartment(ctx: AppContext, actor: Actor) {
  if (actor.kind !== 'user' || !actor.departmentCode) return null;
  return (
    (await ctx.db
      .selectFrom('departments')
      .select(['kind', 'area_code'])
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .where('code', '=', actor.departmentCode)
      .executeTakeFirst()) ?? null
  );
}

/** Whether the actor may admit or revoke a pass of this audience, site or area. */
async function mayGrant(
  ctx: AppContext,
  actor: Actor,
  pass: { site_id: number | null; area_code: string | null },
) {
  if (pass.site_id !== null) {
    const site = await siteOrNotFound(ctx, actor.jurisdictionId, pass.site_id);
    return mayGrantSitePass(actor, site.operator_department_code);
  }
  return mayGrantResidentPass(actor, await actorDepartment(ctx, actor), pass.area_code!);
}

export async function grantPass(ctx: AppContext, opts: { actor: Actor; input: PassInput }): Promise<number> {
  const { actor, input } = opts;
  const j = actor.jurisdictionId;
  if (input.area_code !== undefined && !(await referenceCache(ctx.db).get(j)).areas.has(input.area_code))
    throw new AppError('unknown_reference', { area_code: input.area_code });
  const pass = { site_id: input.site_id ?? null, area_code: input.area_code ?? null };
  if (!(await mayGrant(ctx, actor, pass))) throw new AppError('forbidden');
  const phone = normalisePhone(input.phone);
  const row = await ctx.db
    .insertInto('parking_passes')
    .values({
      jurisdiction_id: j,
      audience: input.audience,
      ...pass,
      phone_hash: ctx.vault.hash(phone),
      phone_mask: maskPhone(phone),
      note: input.note,
      granted_by_user_id: actor.kind === 'user' ? actor.userId : null,
      granted_at: ctx.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function revokePass(ctx: AppContext, opts: { actor: Actor; id: number }): Promise<void> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  const pass = await loadPass(ctx, j, opts.id);
  if (!pass || !(await mayGrant(ctx, actor, pass))) throw new AppError('not_found');
  await ctx.db
    .updateTable('parking_passes')
    .set({ revoked_at: ctx.now() })
    .where('jurisdiction_id', '=', j)
    .where('id', '=', pass.id)
    .where('revoked_at', 'is', null)
    .execute();
}
