import type { AppContext } from '../context.js';
import { inJurisdiction } from '../db/source.js';
import { deliverySettings } from './settings.js';
import { checkTemplate, DEFAULT_TEMPLATES, RESIDENT_TOPICS, type ResidentTopic } from './templates.js';

/** The longest a 回访 link of this server and jurisdiction is (its token: id, expiry, MAC). */
export const linkLength = (ctx: AppContext, jurisdictionId: string) =>
  `${ctx.config.publicUrl}/f/${jurisdictionId}.`.length + 'zzzzzz.zzzzzz.'.length + 16;

/** The SMS signature the jurisdiction's provider prepends (it counts in the length). */
export function signNameFor(ctx: AppContext, sms: string): string {
  if (sms === 'aliyun') return ctx.config.delivery.aliyun?.signName ?? '';
  if (sms === 'tencent') return ctx.config.delivery.tencent?.signName ?? '';
  return '';
}

export async function settingsOf(ctx: AppContext, jurisdictionId: string) {
  const j = await ctx.db
    .selectFrom('jurisdictions')
    .select('settings')
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
  return deliverySettings(j.settings);
}

/** Every resident topic's template: the jurisdiction's own or the default, with its worst-case length. */
export async function listTemplates(ctx: AppContext, jurisdictionId: string) {
  const own = await inJurisdiction(ctx, 'delivery_templates', jurisdictionId)
    .select(['topic', 'body', 'updated_at'])
    .execute();
  const settings = await settingsOf(ctx, jurisdictionId);
  const opts = { linkLength: linkLength(ctx, jurisdictionId), signName: signNameFor(ctx, settings.sms) };
  return (Object.keys(RESIDENT_TOPICS) as ResidentTopic[]).map((topic) => {
    const mine = own.find((t) => t.topic === topic);
    const body = mine?.body ?? DEFAULT_TEMPLATES[topic];
    return {
      topic,
      body,
      default_body: DEFAULT_TEMPLATES[topic],
      customised: !!mine,
      placeholders: [...RESIDENT_TOPICS[topic]],
      ...checkTemplate(topic, body, opts),
    };
  });
}

const DELIVERY_COLUMNS = [
  'id',
  'topic',
  'status',
  'channel',
  'attempts',
  'created_at',
  'sent_at',
  'next_attempt_at',
  'last_error',
] as const;

/** The messages of one request and how each fared (for its staff timeline). */
export function deliveriesOf(ctx: AppContext, jurisdictionId: string, requestId: number) {
  return inJurisdiction(ctx, 'outbox', jurisdictionId)
    .select(DELIVERY_COLUMNS)
    .where('request_id', '=', requestId)
    .where('status', '!=', 'skipped')
    .orderBy('id')
    .execute();
}

/** The dead letters of a jurisdiction, newest first, with their tickets. */
export function deadLetters(ctx: AppContext, jurisdictionId: string, limit = 200) {
  return ctx.db
    .selectFrom('outbox as o')
    .leftJoin('requests as r', (j) =>
      j.onRef('r.jurisdiction_id', '=', 'o.jurisdiction_id').onRef('r.id', '=', 'o.request_id'),
    )
    .select(DELIVERY_COLUMNS.map((c) => `o.${c}` as const))
    .select(['o.request_id', 'r.ticket_no'])
    .where('o.jurisdiction_id', '=', jurisdictionId)
    .where('o.status', '=', 'dead')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
}

/** How many messages are dead-lettered, all jurisdictions together (/healthz). */
export async function deadCount(ctx: AppContext): Promise<number> {
  const r = await ctx.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'dead')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** How many messages wait to be sent (due or deferred), all jurisdictions together (/healthz). */
export async function pendingCount(ctx: AppContext): Promise<number> {
  const r = await ctx.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'in', ['queued', 'failed'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
