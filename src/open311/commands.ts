/**
 * The two Open311 writes: filing a request (POST requests) and applying a client's update (POST
 * servicerequestupdates). Both check everything before writing, so a refused call writes nothing.
 */
import type { AppContext } from '../context.js';
import type { RequestType } from '../db/schema.js';
import type { ApiKeyActor } from '../http/actor.js';
import { newToken } from '../auth/tokens.js';
import { canonicalPhone } from '../privacy/phone.js';
import { registerRequest, type RegisterInput } from '../requests/commands/register.js';
import { snapshotOf } from '../requests/snapshot.js';
import { getJurisdiction } from '../routing/reference.js';
import { referenceCache, type ReferenceSnapshot } from '../routing/reference-cache.js';
import { AppError } from '../http/errors.js';
import { applyAction } from '../requests/commands/apply-action.js';
import { applyChange } from '../requests/write/apply-change.js';
import type { Catalogue } from './catalogue.js';
import { badRequest, notFound } from './params.js';
import { o311, type StoredAttributes } from './schema.js';
import { planIncomingUpdate, type ExtendedStatus } from './status-map.js';

export type NewOpen311Request = {
  serviceCode: string;
  description: string | undefined;
  lat: number | undefined;
  lon: number | undefined;
  addressString: string | undefined;
  addressId: string | undefined;
  attributes: StoredAttributes;
  mediaUrl: string | undefined;
  email: string | undefined;
  phone: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
  accountId: string | undefined;
  deviceId: string | undefined;
};

/** A phone worth keeping as the reporter's, in its canonical form; else ignored (Open311 clients send anything). */
export function validPhone(phone: string | undefined): string | undefined {
  return (phone && canonicalPhone(phone)) || undefined;
}

export async function createOpen311Request(
  ctx: AppContext,
  actor: ApiKeyActor,
  cat: Catalogue,
  r: NewOpen311Request,
) {
  const j = actor.jurisdictionId;
  const serviceName = cat.serviceName(r.serviceCode) ?? r.serviceCode;
  const phone = validPhone(r.phone);
  const posted = [r.lastName, r.firstName].map((s) => s?.trim() ?? '').filter(Boolean);
  const name = posted.join('').slice(0, 50);
  const input: RegisterInput = {
    body: r.description ?? serviceName,
    title: serviceName.slice(0, 200),
    type: cat.requestTypeFor(r.serviceCode) as RequestType,
    lat: r.lat,
    lon: r.lon,
    address: r.addressString,
    area_code: r.addressId,
    category_code: r.serviceCode,
    reporter: phone ? { phone, ...(name ? { name } : {}) } : undefined,
  };
  const token = newToken(18);
  const record = (requestId: number) => ({
    jurisdiction_id: j,
    request_id: requestId,
    token,
    api_key_id: actor.apiKeyId,
    service_code: r.serviceCode,
    attributes: JSON.stringify(r.attributes),
    media_url: r.mediaUrl ?? null,
    account_id: r.accountId?.slice(0, 200) ?? null,
    device_id: r.deviceId?.slice(0, 200) ?? null,
    email_enc: r.email ? ctx.vault.encrypt(r.email.trim()) : null,
    name_enc: posted.length ? ctx.vault.encrypt(JSON.stringify(posted)) : null,
  });
  // The Open311 record is written in the same transaction as the request.
  const result = await registerRequest(ctx, {
    actor,
    input,
    channel: 'open311',
    onCreated: async (tx, request) => {
      await o311(tx).insertInto('open311_requests').values(record(request.id)).execute();
    },
  });
  return {
    request: result.request,
    token,
    serviceNotice: cat.notice(r.serviceCode),
    // Our resident account when the request is linked to one, else the client's own account_id echoed back.
    accountId:
      result.request.reporter_user_id !== null
        ? String(result.request.reporter_user_id)
        : r.accountId?.slice(0, 200),
  };
}

export type IncomingUpdate = {
  serviceRequestId: string;
  updateId: string;
  status: ExtendedStatus;
  updatedAt: Date;
  description: string | undefined;
  mediaUrls: string[];
};

/**
 * POST servicerequestupdates. Any active key of the jurisdiction may update a request filed through Open311
 * (so a rotated key keeps working); other requests are not found. The client's update_id is remembered per
 * key: the same update posted twice applies once and answers the same update_id.
 */
export async function applyOpen311Update(
  ctx: AppContext,
  actor: ApiKeyActor,
  u: IncomingUpdate,
): Promise<{ updateId: string; replayed: boolean }> {
  const j = actor.jurisdictionId;
  await getJurisdiction(ctx.db, j);
  const reference = await referenceCache(ctx.db).get(j);
  try {
    return await applyInTransaction(ctx, actor, u, reference);
  } catch (err) {
    // Two concurrent posts of one update_id: the loser of the race answers like a replay.
    if ((err as { code?: string }).code !== '23505') throw err;
    const prior = await o311(ctx.db)
      .selectFrom('open311_updates as u')
      .innerJoin('requests as r', (jn) =>
        jn.onRef('r.jurisdiction_id', '=', 'u.jurisdiction_id').onRef('r.id', '=', 'u.request_id'),
      )
      .select(['u.event_id', 'r.ticket_no'])
      .where('u.jurisdiction_id', '=', j)
      .where('u.api_key_id', '=', actor.apiKeyId)
      .where('u.external_update_id', '=', u.updateId)
      .executeTakeFirst();
    if (!prior) throw err;
    if (prior.ticket_no !== u.serviceRequestId)
      throw badRequest(`update_id ${u.updateId} was already used for another service request`);
    return { updateId: String(prior.event_id), replayed: true };
  }
}

async function applyInTransaction(
  ctx: AppContext,
  actor: ApiKeyActor,
  u: IncomingUpdate,
  reference: ReferenceSnapshot,
): Promise<{ updateId: string; replayed: boolean }> {
  const j = actor.jurisdictionId;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('requests')
      .selectAll()
      .where('jurisdiction_id', '=', j)
      .where('ticket_no', '=', u.serviceRequestId)
      .where('channel', '=', 'open311')
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound(`service_request_id not found: ${u.serviceRequestId}`);
    const prior = await o311(tx)
      .selectFrom('open311_updates')
      .select(['request_id', 'event_id'])
      .where('jurisdiction_id', '=', j)
      .where('api_key_id', '=', actor.apiKeyId)
      .where('external_update_id', '=', u.updateId)
      .executeTakeFirst();
    if (prior) {
      if (prior.request_id !== row.id)
        throw badRequest(`update_id ${u.updateId} was already used for another service request`);
      return { updateId: String(prior.event_id), replayed: true };
    }

    const plan = planIncomingUpdate(u.status, snapshotOf(row));
    const text = u.description ?? `对方平台更新状态：${u.status}`;
    const external = {
      external_status: u.status,
      external_update_id: u.updateId,
      external_updated_datetime: u.updatedAt.toISOString(),
      media_url: u.mediaUrls[0] ?? null,
      ...(u.mediaUrls.length > 1 ? { media_urls: u.mediaUrls } : {}),
    };
    let eventIds: number[];
    if (plan.kind === 'reopen') {
      try {
        ({ eventIds } = await applyAction(ctx, tx, {
          actor,
          row,
          action: 'reopen',
          input: { reason: text.slice(0, 2000) },
          extraPayload: external,
          reference,
        }));
      } catch (err) {
        if (err instanceof AppError && err.code === 'illegal_transition')
          throw badRequest('the request cannot be reopened now');
        throw err;
      }
    } else {
      ({ eventIds } = await applyChange(tx, {
        row,
        actor,
        at: ctx.now(),
        event: { type: 'open311-update', payload: { text, ...external } },
        outbox: [{ topic: 'request.open311_update', payload: { status: u.status, alert: plan.alert } }],
      }));
    }
    await o311(tx)
      .insertInto('open311_updates')
      .values({
        jurisdiction_id: j,
        api_key_id: actor.apiKeyId,
        external_update_id: u.updateId,
        request_id: row.id,
        event_id: eventIds[0]!,
      })
      .execute();
    return { updateId: String(eventIds[0]), replayed: false };
  });
}
