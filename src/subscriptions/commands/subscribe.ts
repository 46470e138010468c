/**
 * Subscribing to area alerts. By e-mail anyone may: the subscription waits for the link sent to the address; the
 * answer is the same whether the address was new, waiting, subscribed or gone (nothing tells who subscribed to
 * what), and a waiting one is sent its link again at most every few minutes. By SMS only a logged-in resident to
 * their own phone (already proven by its code): active at once.
 */
import type { AppContext } from '../../context.js';
import type { SubscriptionChannel } from '../../db/schema.js';
import type { UserActor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { queueAddressed } from '../../delivery/queue.js';
import { canonicalPhone } from '../../privacy/phone.js';
import { locatePoint } from '../../routing/areas.js';
import { normaliseEmail } from '../address.js';
import { afterConfirmation } from '../digest-window.js';
import { confirmationMail, describeScope } from '../messages.js';
import { CONFIRM_DAYS, subscriptionLink } from '../links.js';
import { scopeNames, type SubscriptionRow } from '../queries.js';
import type { ScopeBody } from '../schemas.js';
import { RADIUS_MAX_M, RADIUS_MIN_M, scopeKey, type Scope } from '../scope.js';

/** A waiting subscription is sent its link again no sooner than this. */
const RESEND_AFTER_MS = 10 * 60_000;

type Db = AppContext['db'];

async function scopeOfBody(ctx: AppContext, j: string, b: ScopeBody): Promise<Scope> {
  const hasPoint = b.lat !== undefined || b.lon !== undefined || b.radius_m !== undefined;
  if (hasPoint === (b.area_code !== undefined)) throw new AppError('subscription_scope');
  let scope: Scope;
  if (hasPoint) {
    const { lat, lon, radius_m } = b;
    if (lat === undefined || lon === undefined || radius_m === undefined)
      throw new AppError('subscription_scope');
    if (radius_m < RADIUS_MIN_M || radius_m > RADIUS_MAX_M) throw new AppError('subscription_scope');
    if (!(await locatePoint(ctx.db, j, lon, lat))) throw new AppError('outside_jurisdiction', { lat, lon });
    scope = { area_code: null, circle: { lat, lon, radius_m }, category_code: null };
  } else {
    const area = await ctx.db
      .selectFrom('areas')
      .select('code')
      .where('jurisdiction_id', '=', j)
      .where('code', '=', b.area_code!)
      .executeTakeFirst();
    if (!area) throw new AppError('unknown_reference', { area_code: b.area_code });
    scope = { area_code: area.code, circle: null, category_code: null };
  }
  if (b.category_code !== undefined) {
    const category = await ctx.db
      .selectFrom('categories')
      .select('code')
      .where('jurisdiction_id', '=', j)
      .where('code', '=', b.category_code)
      .executeTakeFirst();
    if (!category) throw new AppError('unknown_reference', { category_code: b.category_code });
    scope.category_code = category.code;
  }
  return scope;
}

/** Who is subscribed: an e-mail address given, or a logged-in resident's own phone (the policy let only them by). */
export type Subscriber = { channel: 'email'; email: string } | { channel: 'sms'; actor: UserActor };

async function addressOf(ctx: AppContext, who: Subscriber) {
  if (who.channel === 'email') {
    const email = normaliseEmail(who.email);
    if (!email) throw new AppError('invalid_email');
    return { address: email, hash: ctx.vault.hash(email) };
  }
  const user = await ctx.db
    .selectFrom('users')
    .select('phone_enc')
    .where('jurisdiction_id', '=', who.actor.jurisdictionId)
    .where('id', '=', who.actor.userId)
    .executeTakeFirst();
  const phone = user?.phone_enc ? canonicalPhone(ctx.vault.decrypt(user.phone_enc), ['mobile']) : null;
  if (!phone || !who.actor.phoneHash) throw new AppError('sms_needs_resident');
  return { address: phone, hash: who.actor.phoneHash };
}

export async function subscribe(
  ctx: AppContext,
  opts: { subscriber: Subscriber; jurisdictionId: string; scope: ScopeBody },
): Promise<{ status: 'confirmation_sent' | 'active' }> {
  const j = opts.jurisdictionId;
  const channel: SubscriptionChannel = opts.subscriber.channel;
  const scope = await scopeOfBody(ctx, j, opts.scope);
  const { address, hash } = await addressOf(ctx, opts.subscriber);
  const names = await scopeNames(ctx, j, scope);
  const now = ctx.now();
  const key = scopeKey(scope);
  await ctx.db.transaction().execute(async (tx) => {
    // A new address is written as if it had been cancelled: a new one and a cancelled one take one path below.
    await tx
      .insertInto('subscriptions')
      .values({
        jurisdiction_id: j,
        channel,
        address_enc: ctx.vault.encrypt(address),
        address_hash: hash,
        area_code: scope.area_code,
        lat: scope.circle?.lat ?? null,
        lon: scope.circle?.lon ?? null,
        radius_m: scope.circle?.radius_m ?? null,
        category_code: scope.category_code,
        scope_key: key,
        status: 'unsubscribed',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'address_hash', 'scope_key']).doNothing())
      .execute();
    const row = await tx
      .selectFrom('subscriptions')
      .selectAll()
      .where('jurisdiction_id', '=', j)
      .where('address_hash', '=', hash)
      .where('scope_key', '=', key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status === 'active') return;
    if (channel === 'sms') {
      await tx
        .updateTable('subscriptions')
        .set({
          status: 'active',
          channel,
          address_enc: ctx.vault.encrypt(address),
          token_seq: row.token_seq + 1,
          confirmed_at: now,
          unsubscribed_at: null,
          ...afterConfirmation(now),
        })
        .where('jurisdiction_id', '=', j)
        .where('id', '=', row.id)
        .execute();
      return;
    }
    if (
      row.status === 'pending' &&
      row.confirm_sent_at &&
      now.getTime() - row.confirm_sent_at.getTime() < RESEND_AFTER_MS
    )
      return;
    // A new subscription, or one that was cancelled: a new sequence, so that its older links no longer work.
    const seq = row.status === 'pending' ? row.token_seq : row.token_seq + 1;
    await tx
      .updateTable('subscriptions')
      .set({ status: 'pending', channel, token_seq: seq, confirm_sent_at: now, unsubscribed_at: null })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', row.id)
      .execute();
    await sendConfirmation(
      ctx,
      tx as unknown as Db,
      { ...row, token_seq: seq },
      { address, hash, names, now },
    );
  });
  return { status: channel === 'sms' ? 'active' : 'confirmation_sent' };
}

async function sendConfirmation(
  ctx: AppContext,
  tx: Db,
  row: SubscriptionRow,
  o: { address: string; hash: string; names: Awaited<ReturnType<typeof scopeNames>>; now: Date },
) {
  const unsubscribeUrl = subscriptionLink(ctx, 'unsubscribe', row, o.now);
  const mail = confirmationMail({
    jurisdiction: o.names.jurisdiction,
    scope: describeScope(o.names),
    confirmUrl: subscriptionLink(ctx, 'confirm', row, o.now),
    unsubscribeUrl,
    days: CONFIRM_DAYS,
  });
  await queueAddressed(
    tx,
    row.jurisdiction_id,
    'subscription.confirm',
    {
      channel: 'email',
      to_enc: ctx.vault.encrypt(o.address),
      to_hash: o.hash,
      subject: mail.subject,
      text: mail.text,
      unsubscribe_url: unsubscribeUrl,
    },
    o.now,
  );
}
