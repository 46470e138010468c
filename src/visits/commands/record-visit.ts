import { sha256 } from '../../auth/tokens.js';
import type { AppContext } from '../../context.js';
import type { RequestRow, RequestType, VisiteeKind, VisitorKind } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayRecordVisit } from '../../http/policies.js';
import { maskName, maskPhone } from '../../privacy/mask.js';
import { knownPhone } from '../../privacy/phone.js';
import { prepareRegistration, writeRegistrations } from '../../requests/commands/register.js';
import { areaOfPlace } from '../../routing/areas.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { claimKey, settleKey } from '../../http/idempotency.js';
import { invalidField } from '../../http/validate.js';

export type NeedInput = {
  body: string;
  title?: string | undefined;
  type?: RequestType | undefined;
  category_code?: string | undefined;
  urgent?: boolean | undefined;
};

export type VisitInput = {
  campaign_id?: number | undefined;
  visitor_kind?: VisitorKind | undefined;
  visitee: { kind: VisiteeKind; name?: string | undefined; phone?: string | undefined };
  visited_at: Date;
  area_code?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  notes?: string | undefined;
  needs: NeedInput[];
};

export type VisitResult = { status: 201 | 200; visitId: number; requestIds: number[]; replayed: boolean };

/** How far ahead of the server's clock a phone's clock may be when it says when the visit took place. */
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * 走访: records a visit and turns each need raised into a request (channel `visit`, linked to the visit, the
 * visited household as reporter when a phone is given), all in one transaction. With an Idempotency-Key (the
 * phone's offline draft carries one) a second submission writes nothing and answers the first visit and its
 * requests; the same key with a different body is a 409 idempotency_conflict.
 */
export async function recordVisit(
  ctx: AppContext,
  opts: { actor: Actor; input: VisitInput; idempotencyKey?: string | undefined },
): Promise<VisitResult> {
  const { actor, input } = opts;
  if (!mayRecordVisit(actor) || actor.kind !== 'user') throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  const now = ctx.now();
  if (input.visited_at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw invalidField('visited_at', 'in_future', 'in the future');

  const ref = await referenceCache(ctx.db).get(j);
  const areaCode = await areaOfPlace(ctx.db, j, input);
  if (areaCode && !ref.areas.has(areaCode)) throw new AppError('unknown_reference', { area_code: areaCode });
  if (input.campaign_id !== undefined) {
    const c = await ctx.db
      .selectFrom('campaigns')
      .select('id')
      .where('jurisdiction_id', '=', j)
      .where('id', '=', input.campaign_id)
      .executeTakeFirst();
    if (!c) throw new AppError('unknown_reference', { campaign_id: input.campaign_id });
  }

  const { visitee } = input;
  const phone = visitee.phone ? knownPhone(visitee.phone) : null;
  const name = visitee.name?.trim() || null;
  const household = visitee.kind === 'household';
  const visiteeLabel = household
    ? [name ? `${maskName(name)}家` : '住户', phone ? maskPhone(phone) : null].filter(Boolean).join(' ')
    : (name ?? (visitee.kind === 'enterprise' ? '企业' : '村（社区）'));
  const reporter = phone ? { phone, ...(name && household ? { name } : {}) } : undefined;
  const items = await Promise.all(
    input.needs.map((need) =>
      prepareRegistration(ctx, {
        actor,
        channel: 'visit',
        input: {
          body: need.body,
          title: need.title,
          type: need.type,
          category_code: need.category_code,
          urgent: need.urgent,
          ...(areaCode ? { area_code: areaCode } : {}),
          address: input.address,
          lat: input.lat,
          lon: input.lon,
          reporter,
        },
      }),
    ),
  );

  const scope = `visit:user:${actor.userId}`;
  const fingerprint = sha256(JSON.stringify({ ...input, visited_at: input.visited_at.toISOString() }));

  let registered: RequestRow[] = [];
  const result = await ctx.db.transaction().execute(async (tx): Promise<VisitResult> => {
    const k = opts.idempotencyKey
      ? { jurisdictionId: j, scope, key: opts.idempotencyKey, fingerprint }
      : null;
    if (k) {
      const prior = await claimKey<{ visit_id: number; request_ids: number[] }>(tx, k);
      if (prior)
        return {
          status: 200,
          visitId: prior.replay.visit_id,
          requestIds: prior.replay.request_ids,
          replayed: true,
        };
    }
    const visit = await tx
      .insertInto('visits')
      .values({
        jurisdiction_id: j,
        campaign_id: input.campaign_id ?? null,
        visitor_user_id: actor.userId,
        visitor_kind: input.visitor_kind ?? (actor.role === 'field_worker' ? 'grid_worker' : 'official'),
        visitor_label: actor.label,
        visitee_kind: visitee.kind,
        visitee_label: visiteeLabel,
        visitee_name_enc: household && name ? ctx.vault.encrypt(name) : null,
        visitee_phone_enc: phone ? ctx.vault.encrypt(phone) : null,
        visitee_phone_hash: phone ? ctx.vault.hash(phone) : null,
        visited_at: input.visited_at,
        area_code: areaCode,
        address: input.address ?? null,
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        notes: input.notes ?? '',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const it of items) {
      it.row.visit_id = visit.id;
      it.event.payload = { ...it.event.payload, visit_id: visit.id };
    }
    registered = await writeRegistrations(tx, items);
    const requestIds = registered.map((r) => r.id);
    if (k) await settleKey(tx, k, { visit_id: visit.id, request_ids: requestIds });
    return { status: 201, visitId: visit.id, requestIds, replayed: false };
  });
  ctx.triage.enqueue(ctx, registered);
  return result;
}
