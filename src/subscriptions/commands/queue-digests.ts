/**
 * The day's digests (run by the sweep): each active subscription whose digest is due gets the public updates of
 * its scope since its last digest, as one message in the outbox (the delivery worker sends it, with retries and
 * the provider key), at most once a day. A subscription with nothing new is looked at again later. The row is
 * locked and checked again before its message is queued, so that two sweeps never queue the same window twice.
 */
import type { AppContext } from '../../context.js';
import { queueAddressed } from '../../delivery/queue.js';
import { entriesOf } from '../../feeds/entries.js';
import { afterDigest, afterNothing, DIGEST_MAX_ITEMS, isDue, windowOf } from '../digest-window.js';
import { publicBase, subscriptionLink } from '../links.js';
import { describeScope, digestMail, digestSms, localMinute } from '../messages.js';
import { digestItems, dueSubscriptions, scopeNames, scopeOf, type SubscriptionRow } from '../queries.js';

type Db = AppContext['db'];

export async function queueDigests(ctx: AppContext, j: string, cap = ctx.config.sweepCap): Promise<number> {
  const now = ctx.now();
  const due = await dueSubscriptions(ctx, j, now, cap);
  if (!due.length) return 0;
  const timezone =
    (
      await ctx.db
        .selectFrom('jurisdictions')
        .select('timezone')
        .where('jurisdiction_id', '=', j)
        .executeTakeFirst()
    )?.timezone ?? 'Asia/Shanghai';
  let queued = 0;
  for (const s of due) {
    const window = windowOf(s, now);
    const items = await digestItems(ctx, j, scopeOf(s), window);
    const names = items.length ? await scopeNames(ctx, j, scopeOf(s)) : null;
    const done = await ctx.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('subscriptions')
        .selectAll()
        .where('jurisdiction_id', '=', j)
        .where('id', '=', s.id)
        .forUpdate()
        .executeTakeFirst();
      // Digested, cancelled or changed by another sweep meanwhile.
      if (!row || !isDue(row, now) || row.digest_from?.getTime() !== s.digest_from?.getTime()) return false;
      if (!names) {
        await tx
          .updateTable('subscriptions')
          .set(afterNothing(now))
          .where('jurisdiction_id', '=', j)
          .where('id', '=', s.id)
          .execute();
        return false;
      }
      const entries = entriesOf(items, publicBase(ctx)).map((e) => ({ title: e.title, url: e.url }));
      await queueDigest(ctx, tx as unknown as Db, row, {
        scope: describeScope(names),
        jurisdiction: names.jurisdiction,
        since: localMinute(window.from, timezone),
        entries,
        now,
      });
      await tx
        .updateTable('subscriptions')
        .set(afterDigest(now))
        .where('jurisdiction_id', '=', j)
        .where('id', '=', s.id)
        .execute();
      return true;
    });
    if (done) queued++;
  }
  return queued;
}

async function queueDigest(
  ctx: AppContext,
  tx: Db,
  row: SubscriptionRow,
  o: {
    scope: string;
    jurisdiction: string;
    since: string;
    entries: { title: string; url: string }[];
    now: Date;
  },
) {
  const unsubscribeUrl = subscriptionLink(ctx, 'unsubscribe', row, o.now);
  const base = publicBase(ctx);
  const listed = o.entries.slice(0, DIGEST_MAX_ITEMS);
  const more = o.entries.length - listed.length;
  const mail = digestMail({
    jurisdiction: o.jurisdiction,
    scope: o.scope,
    since: o.since,
    entries: listed,
    more,
    publicUrl: `${base}/public`,
    unsubscribeUrl,
  });
  const sms =
    row.channel === 'sms'
      ? digestSms({ scope: o.scope, count: o.entries.length, link: `${base}/public`, unsubscribeUrl })
      : null;
  await queueAddressed(
    tx,
    row.jurisdiction_id,
    'subscription.digest',
    {
      channel: row.channel,
      to_enc: row.address_enc,
      to_hash: row.address_hash,
      subject: mail.subject,
      text: sms ? sms.text : mail.text,
      params: sms ? sms.params : [],
      unsubscribe_url: unsubscribeUrl,
    },
    o.now,
  );
}
