import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { CampaignKind, DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { actorUserId } from '../../http/actor.js';
import { mayManageCampaigns } from '../../http/policies.js';

export type TargetInput = {
  visitor_user_id?: number | undefined;
  area_code?: string | undefined;
  planned_visits: number;
};
export type CampaignInput = {
  kind: CampaignKind;
  name: string;
  description: string;
  starts_on: string | null;
  ends_on: string | null;
  targets: TargetInput[];
};

async function checkTargets(tx: Transaction<DB>, j: string, targets: TargetInput[]) {
  const users = [
    ...new Set(targets.flatMap((t) => (t.visitor_user_id === undefined ? [] : [t.visitor_user_id]))),
  ];
  const areas = [...new Set(targets.flatMap((t) => (t.area_code === undefined ? [] : [t.area_code])))];
  if (users.length) {
    const found = new Set(
      (
        await tx
          .selectFrom('users')
          .select('id')
          .where('jurisdiction_id', '=', j)
          .where('id', 'in', users)
          .execute()
      ).map((u) => u.id),
    );
    const missing = users.filter((u) => !found.has(u));
    if (missing.length) throw new AppError('unknown_reference', { visitor_user_id: missing });
  }
  if (areas.length) {
    const found = new Set(
      (
        await tx
          .selectFrom('areas')
          .select('code')
          .where('jurisdiction_id', '=', j)
          .where('code', 'in', areas)
          .execute()
      ).map((a) => a.code),
    );
    const missing = areas.filter((a) => !found.has(a));
    if (missing.length) throw new AppError('unknown_reference', { area_code: missing });
  }
  targets.forEach((t, i) => {
    if (t.visitor_user_id === undefined && t.area_code === undefined)
      throw new AppError('validation_failed', {
        issues: [{ path: `targets.${i}`, message: 'a visitor, an area, or both' }],
      });
  });
}

async function writeTargets(tx: Transaction<DB>, j: string, campaignId: number, targets: TargetInput[]) {
  await tx
    .deleteFrom('campaign_targets')
    .where('jurisdiction_id', '=', j)
    .where('campaign_id', '=', campaignId)
    .execute();
  for (let i = 0; i < targets.length; i += 500)
    await tx
      .insertInto('campaign_targets')
      .values(
        targets.slice(i, i + 500).map((t, k) => ({
          jurisdiction_id: j,
          campaign_id: campaignId,
          seq: i + k + 1,
          visitor_user_id: t.visitor_user_id ?? null,
          area_code: t.area_code ?? null,
          planned_visits: t.planned_visits,
        })),
      )
      .execute();
}

/** A visiting campaign (两进两问, 三联三解, or custom) with its plan. */
export async function createCampaign(
  ctx: AppContext,
  opts: { actor: Actor; input: CampaignInput },
): Promise<number> {
  const { actor, input } = opts;
  if (!mayManageCampaigns(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  return ctx.db.transaction().execute(async (tx) => {
    await checkTargets(tx, j, input.targets);
    const c = await tx
      .insertInto('campaigns')
      .values({
        jurisdiction_id: j,
        kind: input.kind,
        name: input.name,
        description: input.description,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        created_by_user_id: actorUserId(actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeTargets(tx, j, c.id, input.targets);
    return c.id;
  });
}

/** Replaces a campaign's plan. */
export async function replaceTargets(
  ctx: AppContext,
  opts: { actor: Actor; campaignId: number; targets: TargetInput[] },
) {
  const { actor } = opts;
  if (!mayManageCampaigns(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  await ctx.db.transaction().execute(async (tx) => {
    const c = await tx
      .selectFrom('campaigns')
      .select('id')
      .where('jurisdiction_id', '=', j)
      .where('id', '=', opts.campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw new AppError('not_found');
    await checkTargets(tx, j, opts.targets);
    await writeTargets(tx, j, c.id, opts.targets);
  });
}
