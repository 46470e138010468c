import type { AppContext } from '../../context.js';
import type { UserActor } from '../../http/actor.js';

/** The member of staff has seen their notifications up to now. */
export async function markNotificationsRead(ctx: AppContext, actor: UserActor, now: Date): Promise<void> {
  await ctx.db
    .insertInto('staff_notification_reads')
    .values({ jurisdiction_id: actor.jurisdictionId, user_id: actor.userId, read_at: now })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'user_id']).doUpdateSet({ read_at: now }))
    .execute();
}
