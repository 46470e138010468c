/** 宣讲主题: a topic with its materials, period and target; changing it. */
import type { AppContext } from '../../context.js';
import { dateText } from '../../db/date-text.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayManageActivities } from '../../http/policies.js';
import { activitiesDb } from '../schema.js';
import type { TopicInput, TopicPatchInput } from '../schemas.js';
import { checkCodes } from './common.js';

export async function createTopic(
  ctx: AppContext,
  opts: { actor: Actor; input: TopicInput },
): Promise<number> {
  const { actor, input } = opts;
  if (!mayManageActivities(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  await checkCodes(ctx, j, { area_code: input.target_area_code });
  const topic = await activitiesDb(ctx.db)
    .insertInto('activity_topics')
    .values({
      jurisdiction_id: j,
      title: input.title,
      summary: input.summary,
      materials: JSON.stringify(input.materials),
      period_start: input.period_start,
      period_end: input.period_end,
      target_area_code: input.target_area_code,
      target_date: input.target_date,
      created_by_user_id: actor.kind === 'user' ? actor.userId : null,
      created_at: ctx.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return topic.id;
}

export async function updateTopic(
  ctx: AppContext,
  opts: { actor: Actor; id: number; input: TopicPatchInput },
): Promise<void> {
  const { actor, id, input } = opts;
  if (!mayManageActivities(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  await checkCodes(ctx, j, { area_code: input.target_area_code });
  const { materials, ...fields } = input;
  await ctx.db.transaction().execute(async (tx) => {
    const t = await activitiesDb(tx)
      .selectFrom('activity_topics')
      .select([dateText('period_start'), dateText('period_end')])
      .where('jurisdiction_id', '=', j)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw new AppError('not_found');
    const start = input.period_start !== undefined ? input.period_start : t.period_start;
    const end = input.period_end !== undefined ? input.period_end : t.period_end;
    if (start && end && start > end)
      throw new AppError('validation_failed', {
        issues: [{ path: 'period_end', message: 'period_start after period_end' }],
      });
    const changes = { ...fields, ...(materials ? { materials: JSON.stringify(materials) } : {}) };
    if (Object.keys(changes).length === 0) return;
    await activitiesDb(tx)
      .updateTable('activity_topics')
      .set(changes)
      .where('jurisdiction_id', '=', j)
      .where('id', '=', id)
      .execute();
  });
}
