/** Changes to delivery: an admin's templates and channels, a resident's opt-out. */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { UserActor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { linkLength, settingsOf, signNameFor } from '../queries.js';
import type { DeliverySettings } from '../settings.js';
import { checkTemplate, type ResidentTopic } from '../templates.js';

export async function saveTemplate(
  ctx: AppContext,
  opts: { actor: UserActor; topic: ResidentTopic; body: string },
): Promise<void> {
  const j = opts.actor.jurisdictionId;
  const settings = await settingsOf(ctx, j);
  const check = checkTemplate(opts.topic, opts.body, {
    linkLength: linkLength(ctx, j),
    signName: signNameFor(ctx, settings.sms),
  });
  if (check.problems.length) throw new AppError('template_invalid', { problems: check.problems });
  await ctx.db
    .insertInto('delivery_templates')
    .values({ jurisdiction_id: j, topic: opts.topic, body: opts.body, updated_by_user_id: opts.actor.userId })
    .onConflict((oc) =>
      oc.columns(['jurisdiction_id', 'topic']).doUpdateSet({
        body: opts.body,
        updated_at: ctx.now(),
        updated_by_user_id: opts.actor.userId,
      }),
    )
    .execute();
}

/** Back to the default text. */
export async function resetTemplate(ctx: AppContext, opts: { actor: UserActor; topic: ResidentTopic }) {
  await ctx.db
    .deleteFrom('delivery_templates')
    .where('jurisdiction_id', '=', opts.actor.jurisdictionId)
    .where('topic', '=', opts.topic)
    .execute();
}

/** The channels of the jurisdiction; an SMS provider or SMTP the server has no configuration for is refused. */
export async function saveSettings(ctx: AppContext, opts: { actor: UserActor; settings: DeliverySettings }) {
  const { sms, email } = opts.settings;
  const c = ctx.config.delivery;
  const missing =
    (sms === 'aliyun' && !c.aliyun && 'aliyun') ||
    (sms === 'tencent' && !c.tencent && 'tencent') ||
    (email === 'smtp' && !c.smtp && 'smtp');
  if (missing) throw new AppError('channel_not_configured', { channel: missing });
  await sql`
    update jurisdictions set settings = settings || jsonb_build_object('delivery', ${JSON.stringify(opts.settings)}::jsonb)
    where jurisdiction_id = ${opts.actor.jurisdictionId}`.execute(ctx.db);
}

/** A resident's choice: no more SMS from the centre (or again). */
export async function setOptOut(
  ctx: AppContext,
  opts: { jurisdictionId: string; phoneHash: string; optedOut: boolean },
): Promise<void> {
  if (opts.optedOut)
    await ctx.db
      .insertInto('delivery_opt_outs')
      .values({ jurisdiction_id: opts.jurisdictionId, phone_hash: opts.phoneHash })
      .onConflict((oc) => oc.doNothing())
      .execute();
  else
    await ctx.db
      .deleteFrom('delivery_opt_outs')
      .where('jurisdiction_id', '=', opts.jurisdictionId)
      .where('phone_hash', '=', opts.phoneHash)
      .execute();
}

export async function isOptedOut(ctx: AppContext, jurisdictionId: string, phoneHash: string) {
  const r = await ctx.db
    .selectFrom('delivery_opt_outs')
    .select('phone_hash')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('phone_hash', '=', phoneHash)
    .executeTakeFirst();
  return !!r;
}
