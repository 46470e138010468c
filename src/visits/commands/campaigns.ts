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

/** The values of a column that no row of the jurisdiction has. */
async function missing<T extends string | number>(
  tx: Transaction<DB>,
  j: string,
  table: 'users' | 'areas',
  column: 'id' | 'code',
  values: T[],
): Promise<T[]> {
  if (values.length === 0) return [];
  const found = await tx
    .selectFrom(table)
    .select(`${column} as value`)
    .where('jurisdiction_id', '=', j)
    .where(column, 'in', values)
    .execute();
  const known = new Set<unknown>(found.map((r) => (r as { value: unknown }).value));
  return values.filter((v) => !known.has(v));
}

async function checkTargets(tx: Transaction<DB>, j: string, targets: TargetInput[]) {
  const users = [
    ...new Set(targets.flatMap((t) => (t.visitor_user_id === undefined ? [] : [t.visitor_user_id]))),
  ];
  const areas = [...new Set(targets.flatMap((t) => (t.area_code === undefined ? [] : [t.area_code])))];
  const missingUsers = await missing(tx, j, 'users', 'id', users);
  if (missingUsers.length) throw new AppError('unknown_reference', { visitor_user_id: missingUsers });
  const missingAreas = await missing(tx, j, 'areas', 'code', areas);
  if (missingAreas.length) throw new AppError('unknown_reference', { area_code: missingAreas });
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
