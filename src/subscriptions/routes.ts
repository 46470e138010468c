/**
 * Area alerts (FixMyStreet's alerts): subscribe an e-mail address (or, logged in, one's own phone) to the new
 * public requests and updates of an area or around a place, optionally of a category; confirm and unsubscribe by
 * the signed links of its messages. No login for e-mail; few calls per address and minute.
 */
import type { AppContext } from '../context.js';
import { jurisdictionOf, type Actor, type UserActor } from '../http/actor.js';
import { maySubscribeBySms } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { confirmSubscription, unsubscribe } from './commands/links.js';
import { subscribe } from './commands/subscribe.js';
import { LinkBody, SmsSubscribeBody, SubscribeBody, Subscribed, SubscriptionLinkAnswer } from './schemas.js';

/** The policy has let only a resident known by their phone through. */
const resident = (actor: Actor) => actor as UserActor;

export function subscriptionRoutes(api: ApiRegistry, ctx: AppContext) {
  /** Subscribing and following a link: a tenth of the public API's calls per address and minute (nobody mails a
   * list of strangers, or guesses tokens). */
  const RATE_LIMIT = Math.max(1, Math.floor(ctx.config.publicRateLimit / 10));
  const route = api.feature('subscriptions', 'public');

  route.post(
    '/api/v1/subscriptions',
    '订阅区域提醒 Subscribe an e-mail address to the public requests of an area or around a place (confirmed by a link)',
    { body: SubscribeBody, response: { 200: Subscribed }, errors: [422], rateLimit: RATE_LIMIT },
    ({ actor, body: { email, ...scope } }) =>
      subscribe(ctx, {
        subscriber: { channel: 'email', email },
        jurisdictionId: jurisdictionOf(actor ?? null, ctx.config.defaultJurisdiction),
        scope,
      }),
  );

  api
    .feature('subscriptions')
    .post(
      '/api/v1/me/subscriptions',
      '短信区域提醒 A resident subscribes their own phone to the public requests of an area or around a place',
      { body: SmsSubscribeBody, response: { 200: Subscribed }, errors: [422], allow: maySubscribeBySms },
      ({ actor, body }) =>
        subscribe(ctx, {
          subscriber: { channel: 'sms', actor: resident(actor) },
          jurisdictionId: actor.jurisdictionId,
          scope: body,
        }),
    );

  route.post(
    '/api/v1/subscriptions/confirm',
    '确认订阅 Confirm a subscription by the link of its e-mail (once)',
    { body: LinkBody, response: { 200: SubscriptionLinkAnswer }, errors: [404, 410], rateLimit: RATE_LIMIT },
    ({ body }) => confirmSubscription(ctx, body.token),
  );

  route.post(
    '/api/v1/subscriptions/unsubscribe',
    '退订 Cancel a subscription by the link in any of its messages',
    { body: LinkBody, response: { 200: SubscriptionLinkAnswer }, errors: [404, 410], rateLimit: RATE_LIMIT },
    ({ body }) => unsubscribe(ctx, body.token),
  );
}
