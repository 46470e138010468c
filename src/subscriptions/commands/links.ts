/**
 * The two links of an area alert's messages. Confirming works once, for the confirmation it was sent with;
 * unsubscribing works until the subscription is cancelled. A token that is not ours or was tampered with is
 * not found (404), whether or not its subscription exists; an expired one is gone (410), and so is one used.
 */
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { afterConfirmation } from '../digest-window.js';
import { describeScope } from '../messages.js';
import { subscriptionMac } from '../links.js';
import { scopeNames, scopeOf } from '../queries.js';
import { checkSubscriptionLink, type LinkPurpose } from '../token.js';

type Answer = { status: 'active' | 'unsubscribed'; scope: string };

async function follow(ctx: AppContext, token: string, purpose: LinkPurpose): Promise<Answer> {
  const now = ctx.now();
  const check = checkSubscriptionLink(subscriptionMac(ctx), token, purpose, now);
  if (!check.ok)
    throw new AppError(check.reason === 'expired' ? 'subscription_link_expired' : 'link_invalid');
  const { jurisdictionId: j, subscriptionId: id, seq } = check.claims;
  const row = await ctx.db.transaction().execute(async (tx) => {
    const s = await tx
      .selectFrom('subscriptions')
      .selectAll()
      .where('jurisdiction_id', '=', j)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!s) throw new AppError('link_invalid');
    const usable =
      s.token_seq === seq && (purpose === 'confirm' ? s.status === 'pending' : s.status !== 'unsubscribed');
    if (!usable) throw new AppError('subscription_link_used');
    await tx
      .updateTable('subscriptions')
      .set(
        purpose === 'confirm'
          ? { status: 'active', confirmed_at: now, ...afterConfirmation(now) }
          : { status: 'unsubscribed', unsubscribed_at: now, next_digest_at: null },
      )
      .where('jurisdiction_id', '=', j)
      .where('id', '=', id)
      .execute();
    return s;
  });
  return {
    status: purpose === 'confirm' ? 'active' : 'unsubscribed',
    scope: describeScope(await scopeNames(ctx, j, scopeOf(row))),
  };
}

export const confirmSubscription = (ctx: AppContext, token: string) => follow(ctx, token, 'confirm');
export const unsubscribe = (ctx: AppContext, token: string) => follow(ctx, token, 'unsubscribe');
