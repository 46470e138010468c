/**
 * The outbox delivered to residents, at least once. A worker claims due messages with `FOR UPDATE SKIP LOCKED`
 * and a lease (two workers never send the same message; a killed worker's claims are taken again once their
 * lease ends), decides each one (nobody to tell, opted out, too old, quiet hours, the phone's rate limit), sends
 * it through the jurisdiction's channel under a key derived from the message (Aliyun OutId, Tencent
 * SessionContext, the e-mail's Message-ID), and records the outcome: sent, retried later with exponential
 * backoff and jitter, or dead (an alert for the admins, a figure on /healthz).
 */
import { sql } from 'kysely';
import { raiseAlert } from '../alerts/store.js';
import type { AppContext } from '../context.js';
import type { DeliveryChannel, OutboxStatus } from '../db/schema.js';
import { o311 } from '../open311/schema.js';
import { canonicalPhone } from '../privacy/phone.js';
import { parseMessage } from '../requests/events/topics.js';
import { AddressedPayload, isAddressedTopic, type AddressedTopic } from './addressed.js';
import { retryDelayMs } from './backoff.js';
import { PermanentFailure, type OutgoingMessage } from './channels/channel.js';
import type { ChannelName, Channels } from './channels/registry.js';
import { followupLink } from './followup-link.js';
import { sendableAt } from './quiet-hours.js';
import { longestWindowMs, rateDecision } from './rate-limit.js';
import { deliverySettings } from './settings.js';
import {
  DEFAULT_TEMPLATES,
  gistOf,
  isResidentTopic,
  render,
  templateParams,
  type ResidentTopic,
  type Values,
} from './templates.js';

export type DeliveryRun = { sent: number; deferred: number; failed: number; dead: number; skipped: number };

type Claimed = {
  jurisdiction_id: string;
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
};

type RequestFacts = {
  jurisdiction_id: string;
  id: number;
  ticket_no: string;
  urgent: boolean;
  status: string;
  replied_at: Date | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_name_enc: string | null;
  email_enc: string | null;
};

/** What becomes of one claimed message. */
type Plan =
  | { kind: 'skip'; reason: string }
  | { kind: 'dead'; reason: string }
  | { kind: 'defer'; until: Date; reason: string }
  | {
      kind: 'send';
      channel: ChannelName;
      via: DeliveryChannel;
      recipientHash: string;
      message: OutgoingMessage;
    };

/** The key a provider sees for a message: the same on every retry of it. */
export const messageKey = (jurisdictionId: string, outboxId: number) =>
  `banshi-${jurisdictionId}-${outboxId}`;

/** Claims up to `limit` due messages for this worker's lease. */
async function claim(ctx: AppContext, now: Date, limit: number): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + ctx.config.delivery.leaseMs);
  const { rows } = await sql<Claimed>`
    update outbox o set lease_until = ${leaseUntil}
    from (
      select jurisdiction_id, id from outbox
      where status in ('queued', 'failed') and next_attempt_at <= ${now}
        and (lease_until is null or lease_until < ${now})
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    ) c
    where o.jurisdiction_id = c.jurisdiction_id and o.id = c.id
    returning o.jurisdiction_id, o.id::int as id, o.topic, o.payload, o.created_at, o.attempts`.execute(
    ctx.db,
  );
  return rows;
}

type Batch = {
  requests: Map<string, RequestFacts>;
  /** The residents told as supporters (附议) of a request, by jurisdiction and user id: their phone. */
  supporters: Map<string, { phone_enc: string | null; phone_hash: string | null }>;
  jurisdictions: Map<string, { timezone: string; settings: Record<string, unknown> }>;
  templates: Map<string, string>;
  optedOut: Set<string>;
  /** Earlier sends to each phone (by jurisdiction and hash) within the longest rate window. */
  sentTo: Map<string, Date[]>;
};

const requestKey = (j: string, id: number) => `${j}|${id}`;

/** How long before its lease ends a worker stops starting sends. */
const LEASE_MARGIN_MS = 1_000;

async function loadBatch(ctx: AppContext, claimed: Claimed[], now: Date): Promise<Batch> {
  const js = [...new Set(claimed.map((m) => m.jurisdiction_id))];
  const ids = [...new Set(claimed.map((m) => Number(m.payload.request_id)).filter(Number.isSafeInteger))];
  const requests = ids.length
    ? await o311(ctx.db)
        .selectFrom('requests as r')
        .leftJoin('open311_requests as o', (j) =>
          j.onRef('o.jurisdiction_id', '=', 'r.jurisdiction_id').onRef('o.request_id', '=', 'r.id'),
        )
        .select([
          'r.jurisdiction_id',
          'r.id',
          'r.ticket_no',
          'r.urgent',
          'r.status',
          'r.replied_at',
          'r.reporter_phone_enc',
          'r.reporter_phone_hash',
          'r.reporter_name_enc',
          'o.email_enc',
        ])
        .where('r.jurisdiction_id', 'in', js)
        .where('r.id', 'in', ids)
        .execute()
    : [];
  const jurisdictions = await ctx.db
    .selectFrom('jurisdictions')
    .select(['jurisdiction_id', 'timezone', 'settings'])
    .where('jurisdiction_id', 'in', js)
    .execute();
  const templates = await ctx.db
    .selectFrom('delivery_templates')
    .select(['jurisdiction_id', 'topic', 'body'])
    .where('jurisdiction_id', 'in', js)
    .execute();
  const supporterIds = [
    ...new Set(
      claimed
        .filter((m) => m.topic === 'request.supporter_replied')
        .map((m) => Number(m.payload.user_id))
        .filter(Number.isSafeInteger),
    ),
  ];
  const supporters = supporterIds.length
    ? await ctx.db
        .selectFrom('users')
        .select(['jurisdiction_id', 'id', 'phone_enc', 'phone_hash'])
        .where('jurisdiction_id', 'in', js)
        .where('id', 'in', supporterIds)
        .execute()
    : [];
  const addressedPhones = claimed
    .filter((m) => isAddressedTopic(m.topic) && m.payload.channel === 'sms')
    .map((m) => m.payload.to_hash);
  const hashes = [
    ...new Set(
      [
        ...requests.map((r) => r.reporter_phone_hash),
        ...supporters.map((u) => u.phone_hash),
        ...addressedPhones,
      ].filter((h): h is string => typeof h === 'string' && !!h),
    ),
  ];
  const optedOut = hashes.length
    ? await ctx.db
        .selectFrom('delivery_opt_outs')
        .select(['jurisdiction_id', 'phone_hash'])
        .where('jurisdiction_id', 'in', js)
        .where('phone_hash', 'in', hashes)
        .execute()
    : [];
  const sent = hashes.length
    ? await ctx.db
        .selectFrom('outbox')
        .select(['jurisdiction_id', 'recipient_hash', 'sent_at'])
        .where('jurisdiction_id', 'in', js)
        .where('recipient_hash', 'in', hashes)
        .where('channel', '=', 'sms')
        .where('sent_at', '>', new Date(now.getTime() - longestWindowMs()))
        .execute()
    : [];
  const sentTo = new Map<string, Date[]>();
  for (const s of sent) {
    const key = requestKey(s.jurisdiction_id, 0) + s.recipient_hash;
    sentTo.set(key, [...(sentTo.get(key) ?? []), s.sent_at!]);
  }
  return {
    requests: new Map(requests.map((r) => [requestKey(r.jurisdiction_id, Number(r.id)), r as RequestFacts])),
    supporters: new Map(supporters.map((u) => [requestKey(u.jurisdiction_id, Number(u.id)), u])),
    jurisdictions: new Map(jurisdictions.map((j) => [j.jurisdiction_id, j])),
    templates: new Map(templates.map((t) => [`${t.jurisdiction_id}|${t.topic}`, t.body])),
    optedOut: new Set(optedOut.map((o) => `${o.jurisdiction_id}|${o.phone_hash}`)),
    sentTo,
  };
}

/** What to do with one message, given the batch's facts (a send counts at once toward the phone's limits). */
function planOf(ctx: AppContext, channels: Channels, m: Claimed, batch: Batch, now: Date): Plan {
  if (isAddressedTopic(m.topic)) return planAddressed(ctx, m, batch, now);
  const message = parseMessage(m.topic, m.payload);
  const topic = message.topic;
  if (!isResidentTopic(topic)) return { kind: 'skip', reason: 'not_for_residents' };
  const p = message.payload as Record<string, unknown>;
  if (p.voided || p.withdrawn) return { kind: 'skip', reason: 'not_for_residents' };
  const r = batch.requests.get(requestKey(m.jurisdiction_id, message.payload.request_id));
  const j = batch.jurisdictions.get(m.jurisdiction_id);
  if (!r || !j) return { kind: 'skip', reason: 'no_request' };
  if (now.getTime() - m.created_at.getTime() > ctx.config.delivery.maxAgeMs)
    return { kind: 'dead', reason: 'too_old' };
  const settings = deliverySettings(j.settings);
  // A supporter (附议) is told at their own phone; the reporter at theirs, or their e-mail.
  const to =
    message.topic === 'request.supporter_replied'
      ? batch.supporters.get(requestKey(m.jurisdiction_id, message.payload.user_id))
      : { phone_enc: r.reporter_phone_enc, phone_hash: r.reporter_phone_hash };
  if (!to) return { kind: 'skip', reason: 'no_contact' };
  const phone = to.phone_enc ? canonicalPhone(ctx.vault.decrypt(to.phone_enc), ['mobile']) : null;
  const email =
    message.topic !== 'request.supporter_replied' && r.email_enc ? ctx.vault.decrypt(r.email_enc) : null;
  const body = batch.templates.get(`${m.jurisdiction_id}|${topic}`) ?? DEFAULT_TEMPLATES[topic];
  const values = valuesOf(ctx, topic, r, p, now);
  const key = messageKey(m.jurisdiction_id, m.id);
  const outgoing = (to: string): OutgoingMessage => ({
    key,
    to,
    topic,
    text: render(body, values),
    params: templateParams(body, values),
  });
  if (phone && to.phone_hash && settings.sms !== 'off')
    return smsPlan(m, batch, now, {
      channel: settings.sms,
      timezone: j.timezone,
      urgent: r.urgent,
      phoneHash: to.phone_hash,
      message: outgoing(phone),
    });
  if (email && settings.email !== 'off') {
    return {
      kind: 'send',
      channel: settings.email,
      via: settings.email === 'log' ? 'log' : 'email',
      recipientHash: ctx.vault.hash(email.trim().toLowerCase()),
      message: outgoing(email),
    };
  }
  return { kind: 'skip', reason: 'no_contact' };
}

/** An SMS to a phone: not if opted out, not in quiet hours (unless urgent), within the phone's rate limits. */
function smsPlan(
  m: Claimed,
  batch: Batch,
  now: Date,
  o: {
    channel: Exclude<ChannelName, 'smtp'>;
    timezone: string;
    urgent: boolean;
    phoneHash: string;
    message: OutgoingMessage;
  },
): Plan {
  if (batch.optedOut.has(`${m.jurisdiction_id}|${o.phoneHash}`)) return { kind: 'skip', reason: 'opted_out' };
  const quietEnd = sendableAt(now, o.timezone, { urgent: o.urgent });
  if (quietEnd > now) return { kind: 'defer', until: quietEnd, reason: 'quiet_hours' };
  const historyKey = requestKey(m.jurisdiction_id, 0) + o.phoneHash;
  const history = batch.sentTo.get(historyKey) ?? [];
  const rate = rateDecision(history, now);
  if (!rate.ok) return { kind: 'defer', until: rate.retryAt, reason: 'rate_limit' };
  batch.sentTo.set(historyKey, [...history, now]);
  return {
    kind: 'send',
    channel: o.channel,
    via: o.channel === 'log' ? 'log' : 'sms',
    recipientHash: o.phoneHash,
    message: o.message,
  };
}

/** A message its sender addressed (./addressed.ts): to its address, by the channel it names, as written. */
function planAddressed(ctx: AppContext, m: Claimed, batch: Batch, now: Date): Plan {
  const p = AddressedPayload.parse(m.payload);
  const j = batch.jurisdictions.get(m.jurisdiction_id);
  if (!j) return { kind: 'skip', reason: 'no_request' };
  if (now.getTime() - m.created_at.getTime() > ctx.config.delivery.maxAgeMs)
    return { kind: 'dead', reason: 'too_old' };
  const settings = deliverySettings(j.settings);
  const message: OutgoingMessage = {
    key: messageKey(m.jurisdiction_id, m.id),
    to: ctx.vault.decrypt(p.to_enc),
    topic: m.topic as AddressedTopic,
    text: p.text,
    params: p.params,
    subject: p.subject,
    ...(p.unsubscribe_url ? { unsubscribeUrl: p.unsubscribe_url } : {}),
  };
  if (p.channel === 'sms') {
    if (settings.sms === 'off') return { kind: 'skip', reason: 'channel_off' };
    return smsPlan(m, batch, now, {
      channel: settings.sms,
      timezone: j.timezone,
      urgent: false,
      phoneHash: p.to_hash,
      message,
    });
  }
  if (settings.email === 'off') return { kind: 'skip', reason: 'channel_off' };
  return {
    kind: 'send',
    channel: settings.email,
    via: settings.email === 'log' ? 'log' : 'email',
    recipientHash: p.to_hash,
    message,
  };
}

function valuesOf(
  ctx: AppContext,
  topic: ResidentTopic,
  r: RequestFacts,
  payload: Record<string, unknown>,
  now: Date,
): Values {
  if (topic !== 'request.replied' && topic !== 'request.supporter_replied') return { ticket: r.ticket_no };
  const names = r.reporter_name_enc ? [ctx.vault.decrypt(r.reporter_name_enc)] : [];
  const text = typeof payload.text === 'string' ? payload.text : '';
  // A supporter reads the answer's gist (the reporter's name masked in it); the 回访 link is the reporter's own.
  if (topic === 'request.supporter_replied') return { ticket: r.ticket_no, gist: gistOf(text, names) };
  return {
    ticket: r.ticket_no,
    gist: gistOf(text, names),
    link: followupLink(ctx, r, now) ?? `${ctx.config.publicUrl}/`,
  };
}

type Outcome = { status: OutboxStatus; error?: string; retryAt?: Date; attempt?: boolean } & Partial<{
  channel: DeliveryChannel;
  recipientHash: string;
  providerId: string | null;
}>;

/** Outcomes are written this many at a time, in one statement (on PGlite every statement is a durable commit). */
const RECORD_CHUNK = 100;

/** The outcomes of a chunk of messages, written in one statement. */
async function recordAll(ctx: AppContext, done: [Claimed, Outcome][], now: Date): Promise<void> {
  if (!done.length) return;
  const rows = done.map(([m, o]) => ({
    jurisdiction_id: m.jurisdiction_id,
    id: m.id,
    status: o.status,
    attempt: !!o.attempt,
    retry_at: o.retryAt?.toISOString() ?? null,
    error: o.error === undefined ? null : o.error.slice(0, 500),
    clear_error:
      o.error === undefined && (o.status === 'sent' || o.status === 'skipped' || o.status === 'dead'),
    channel: o.channel ?? null,
    recipient_hash: o.recipientHash ?? null,
    has_provider: o.providerId !== undefined,
    provider_id: o.providerId ?? null,
  }));
  await sql`
    update outbox o set
      status = v.status,
      lease_until = null,
      attempts = o.attempts + (case when v.attempt then 1 else 0 end),
      next_attempt_at = coalesce(v.retry_at, o.next_attempt_at),
      sent_at = case when v.status in ('sent', 'skipped') then ${now} else o.sent_at end,
      last_error = case when v.error is not null then v.error when v.clear_error then null else o.last_error end,
      channel = coalesce(v.channel, o.channel),
      recipient_hash = coalesce(v.recipient_hash, o.recipient_hash),
      provider_id = case when v.has_provider then v.provider_id else o.provider_id end
    from json_to_recordset(${JSON.stringify(rows)}::json) as v(jurisdiction_id text, id bigint, status text,
      attempt boolean, retry_at timestamptz, error text, clear_error boolean, channel text, recipient_hash text,
      has_provider boolean, provider_id text)
    where o.jurisdiction_id = v.jurisdiction_id and o.id = v.id`.execute(ctx.db);
}

/** Runs `fn` over the items, at most `n` at a time. */
async function eachLimited<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * One round: claims up to `limit` due messages and delivers them. Call it until it returns fewer than `limit`
 * handled to drain the outbox.
 */
export async function deliverOutbox(
  ctx: AppContext,
  channels: Channels,
  opts: { limit?: number; random?: () => number } = {},
): Promise<DeliveryRun & { claimed: number }> {
  const now = ctx.now();
  const random = opts.random ?? Math.random;
  const { maxAttempts, maxAgeMs, concurrency } = ctx.config.delivery;
  const claimed = await claim(ctx, now, opts.limit ?? ctx.config.sweepCap);
  const run = { sent: 0, deferred: 0, failed: 0, dead: 0, skipped: 0, claimed: claimed.length };
  if (!claimed.length) return run;
  const batch = await loadBatch(ctx, claimed, now);
  const deadIn = new Set<string>();
  const fail = (m: Claimed, error: string, permanent: boolean): Outcome => {
    const failures = m.attempts + 1;
    const retryAt = new Date(now.getTime() + retryDelayMs(failures, random()));
    const tooLate = retryAt.getTime() - m.created_at.getTime() > maxAgeMs;
    if (permanent || failures >= maxAttempts || tooLate) {
      deadIn.add(m.jurisdiction_id);
      ctx.log.error(
        `delivery: outbox ${m.jurisdiction_id}/${m.id} dead after ${failures} attempts: ${error}`,
      );
      return { status: 'dead', error, attempt: true };
    }
    return { status: 'failed', error, retryAt, attempt: true };
  };
  const leaseEnds = now.getTime() + ctx.config.delivery.leaseMs;
  const handle = async (m: Claimed): Promise<Outcome | null> => {
    // A round that outlived its lease leaves the rest: another worker may have claimed them since.
    if (ctx.now().getTime() >= leaseEnds - LEASE_MARGIN_MS) return null;
    let outcome: Outcome;
    let plan: Plan;
    try {
      plan = planOf(ctx, channels, m, batch, now);
    } catch (err) {
      // A topic or payload the catalogue does not know: tried again (a newer server may know it), then dead.
      outcome = fail(m, (err as Error).message, false);
      run[outcome.status === 'dead' ? 'dead' : 'failed']++;
      return outcome;
    }
    switch (plan.kind) {
      case 'skip':
        outcome = { status: 'skipped', error: plan.reason };
        run.skipped++;
        break;
      case 'dead':
        deadIn.add(m.jurisdiction_id);
        ctx.log.error(`delivery: outbox ${m.jurisdiction_id}/${m.id} dead: ${plan.reason}`);
        outcome = { status: 'dead', error: plan.reason };
        run.dead++;
        break;
      case 'defer':
        outcome = { status: m.attempts ? 'failed' : 'queued', error: plan.reason, retryAt: plan.until };
        run.deferred++;
        break;
      case 'send':
        try {
          const channel = await channels.get(plan.channel, plan.via === 'email' ? 'email' : 'sms');
          const { providerId } = await channel.send(plan.message);
          outcome = {
            status: 'sent',
            channel: plan.via,
            recipientHash: plan.recipientHash,
            providerId,
            attempt: true,
          };
          run.sent++;
        } catch (err) {
          outcome = {
            ...fail(m, (err as Error).message, err instanceof PermanentFailure),
            channel: plan.via,
            recipientHash: plan.recipientHash,
          };
          run[outcome.status === 'dead' ? 'dead' : 'failed']++;
        }
        break;
    }
    return outcome;
  };
  for (let i = 0; i < claimed.length; i += RECORD_CHUNK) {
    const chunk = claimed.slice(i, i + RECORD_CHUNK);
    const done: [Claimed, Outcome][] = [];
    await eachLimited(chunk, concurrency, async (m) => {
      const outcome = await handle(m);
      if (outcome) done.push([m, outcome]);
    });
    await recordAll(ctx, done, now);
  }
  for (const j of deadIn) await alertDead(ctx, j, now);
  return run;
}

async function alertDead(ctx: AppContext, jurisdictionId: string, at: Date): Promise<void> {
  await raiseAlert(ctx.db, {
    jurisdictionId,
    key: 'delivery_dead',
    kind: 'delivery_dead',
    message: '有发给居民的短信或邮件投递失败，已转入死信队列，请在“消息投递”中查看',
    messageEn: 'Messages to residents failed and were dead-lettered: see Delivery',
    at,
  });
}
