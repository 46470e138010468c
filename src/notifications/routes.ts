/** A member of staff's notifications (the header's badge): listed, and marked read. */
import type { AppContext } from '../context.js';
import type { Actor, UserActor } from '../http/actor.js';
import { mayReadNotifications } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { markNotificationsRead } from './commands/mark-read.js';
import { presentNotification } from './presenter.js';
import { notificationsOf } from './queries.js';
import { Notifications } from './schemas.js';

/** The policy has let only a logged-in member of staff through. */
const user = (actor: Actor) => actor as UserActor;

export function notificationRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('notifications');
  const answer = async (actor: UserActor) => {
    const { unread, items } = await notificationsOf(ctx, actor, ctx.now());
    return { unread, items: items.map(presentNotification) };
  };

  route.get(
    '/api/v1/notifications',
    '通知 What is new for the member of staff: dispatches to their department, deadlines due within hours, 督办, escalated returns',
    { response: { 200: Notifications }, allow: mayReadNotifications },
    ({ actor }) => answer(user(actor)),
  );

  route.post(
    '/api/v1/notifications/read',
    '标记已读 The member of staff has seen their notifications up to now',
    { response: { 200: Notifications }, allow: mayReadNotifications },
    async ({ actor }) => {
      await markNotificationsRead(ctx, user(actor), ctx.now());
      return answer(user(actor));
    },
  );
}
