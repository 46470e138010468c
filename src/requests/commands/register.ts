import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Channel, RequestRow, RequestType } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { registerPolicy } from '../../http/policies.js';
import { maskName, maskPhone, normalisePhone } from '../../privacy/mask.js';
import { normalise } from '../../text/normalise.js';
import { findOrCreateResident } from '../../users/users.js';
import { locatePoint } from '../../routing/areas.js';
import { getJurisdiction, requireExists } from '../../routing/reference.js';
import { appendEvent, enqueue } from '../events.js';

export type RegisterInput = {
  body: string;
  title?: string | undefined;
  type?: RequestType | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  address?: string | undefined;
  area_code?: string | undefined;
  category_code?: string | undefined;
  urgent?: boolean | undefined;
  reporter?: { name?: string | undefined; phone: string } | undefined;
};

export type RegisterResult = { status: 201 | 200; request: RequestRow; replayed: boolean };

/**
 * 登记: files a request for a resident (themself, or through an operator, a field worker or an integration).
 * The request row, its first event and its outbox message are written in one transaction; with an
 * Idempotency-Key a retry returns the first result and writes nothing.
 */
export async function registerRequest(
  ctx: AppContext,
  opts: {
    actor: Actor;
    input: RegisterInput;
    channel: Channel;
    idempotencyKey?: string | undefined;
    apiKeyId?: number | null;
  },
): Promise<RegisterResult> {
  const { actor, input } = opts;
  const j = actor.jurisdictionId;
  const policy = registerPolicy(actor);
  if (policy === 'forbidden') throw new AppError('forbidden');
  // A hotline operator or a field worker always has the caller's phone; an integration may not (Open311).
  if (policy === 'on_behalf' && !input.reporter && actor.kind !== 'api_key') {
    throw new AppError('validation_failed', {
      issues: [{ path: 'reporter', message: 'reporter.phone is required' }],
    });
  }

  let areaCode = input.area_code ?? null;
  if (input.lat !== undefined && input.lon !== undefined) {
    const area = await locatePoint(ctx.db, j, input.lon, input.lat);
    if (!area) throw new AppError('outside_jurisdiction', { lat: input.lat, lon: input.lon });
    areaCode ??= area.code;
  }
  if (areaCode) await requireExists(ctx.db, 'areas', j, areaCode);
  if (input.category_code) await requireExists(ctx.db, 'categories', j, input.category_code);

  const reporter = await resolveReporter(ctx, actor, input);
  const jurisdiction = await getJurisdiction(ctx.db, j);
  const now = ctx.now();
  const scope =
    actor.kind === 'user'
      ? `user:${actor.userId}`
      : actor.kind === 'api_key'
        ? `key:${actor.apiKeyId}`
        : 'system';
  const fingerprint = crypto.createHash('sha256').update(JSON.stringify(input)).digest('base64url');

  return ctx.db.transaction().execute(async (tx) => {
    if (opts.idempotencyKey) {
      const claimed = await tx
        .insertInto('idempotency_keys')
        .values({
          jurisdiction_id: j,
          scope,
          key: opts.idempotencyKey,
          fingerprint,
          status_code: 0,
          response: '{}',
        })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!claimed) {
        const prior = await tx
          .selectFrom('idempotency_keys')
          .select(['fingerprint', 'response'])
          .where('jurisdiction_id', '=', j)
          .where('scope', '=', scope)
          .where('key', '=', opts.idempotencyKey)
          .executeTakeFirstOrThrow();
        if (prior.fingerprint !== fingerprint) throw new AppError('idempotency_conflict');
        const id = (prior.response as { id: number }).id;
        const request = await tx
          .selectFrom('requests')
          .selectAll()
          .where('jurisdiction_id', '=', j)
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return { status: 200 as const, request, replayed: true };
      }
    }
    const request = await tx
      .insertInto('requests')
      .values({
        jurisdiction_id: j,
        ticket_no: sql<string>`to_char(${now}::timestamptz at time zone ${jurisdiction.timezone}, 'YYYYMMDD')
          || lpad(nextval('request_ticket_seq')::text, 6, '0')`,
        channel: opts.channel,
        type: input.type ?? '求助',
        status: 'registered',
        title: input.title ?? '',
        title_norm: normalise(input.title ?? ''),
        body: input.body,
        body_norm: normalise(input.body),
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        address: input.address ?? null,
        area_code: areaCode,
        category_code: input.category_code ?? null,
        urgent: input.urgent ?? false,
        ...reporter,
        created_by_user_id: actor.kind === 'user' ? actor.userId : null,
        api_key_id: opts.apiKeyId ?? (actor.kind === 'api_key' ? actor.apiKeyId : null),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendEvent(tx, {
      jurisdictionId: j,
      requestId: request.id,
      type: 'register',
      actor,
      from: null,
      to: 'registered',
      payload: { channel: opts.channel },
      at: now,
    });
    await enqueue(tx, j, 'request.registered', { request_id: request.id, ticket_no: request.ticket_no });
    if (opts.idempotencyKey) {
      await tx
        .updateTable('idempotency_keys')
        .set({ status_code: 201, response: JSON.stringify({ id: request.id }) })
        .where('jurisdiction_id', '=', j)
        .where('scope', '=', scope)
        .where('key', '=', opts.idempotencyKey)
        .execute();
    }
    return { status: 201 as const, request, replayed: false };
  });
}

async function resolveReporter(ctx: AppContext, actor: Actor, input: RegisterInput) {
  if (actor.kind === 'user' && actor.role === 'resident') {
    const u = await ctx.db
      .selectFrom('users')
      .select(['phone_enc', 'phone_hash'])
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const phone = u.phone_enc ? ctx.vault.decrypt(u.phone_enc) : '';
    const name = input.reporter?.name?.trim() || null;
    return {
      reporter_user_id: actor.userId,
      reporter_phone_enc: u.phone_enc,
      reporter_phone_hash: u.phone_hash,
      reporter_phone_mask: phone ? maskPhone(phone) : null,
      reporter_name_enc: name ? ctx.vault.encrypt(name) : null,
      reporter_name_mask: name ? maskName(name) : null,
    };
  }
  if (!input.reporter) {
    return {
      reporter_user_id: null,
      reporter_phone_enc: null,
      reporter_phone_hash: null,
      reporter_phone_mask: null,
      reporter_name_enc: null,
      reporter_name_mask: null,
    };
  }
  const phone = normalisePhone(input.reporter.phone);
  const name = input.reporter.name?.trim() || null;
  // The caller's phone becomes (or finds) their resident account, so they can follow the request on the web.
  const residentId = await findOrCreateResident(ctx.db, ctx.vault, actor.jurisdictionId, phone);
  return {
    reporter_user_id: residentId,
    reporter_phone_enc: ctx.vault.encrypt(phone),
    reporter_phone_hash: ctx.vault.hash(phone),
    reporter_phone_mask: maskPhone(phone),
    reporter_name_enc: name ? ctx.vault.encrypt(name) : null,
    reporter_name_mask: name ? maskName(name) : null,
  };
}
