import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Channel, DB, RequestRow, RequestType } from '../../db/schema.js';
import { actorRole, actorUserId, type Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { registerPolicy } from '../../http/policies.js';
import { maskName, maskPhone } from '../../privacy/mask.js';
import { knownPhone } from '../../privacy/phone.js';
import { normalise } from '../../text/normalise.js';
import { areaOfPlace } from '../../routing/areas.js';
import { sha256 } from '../../auth/tokens.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { localDate } from '../deadlines.js';
import { intakeQueue } from '../intake.js';
import { writeIntakeBatch, type IntakeItem } from '../write/insert-registrations.js';

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
  /** 公开展示（隐去个人信息）(true, the default) or 不公开 (false): src/privacy/publication.ts. */
  public_consent?: boolean | undefined;
};

export type RegisterResult = {
  status: 201 | 200;
  request: RequestRow;
  replayed: boolean;
};

/** Where a request comes from besides its reporter: a community's order (社区点单) or a field visit. */
export type RegisterOrigin = {
  /** 社区点单: the ordering community's department code (the community is the requester). */
  requesterDepartmentCode?: string | null | undefined;
  /** The field visit whose need this request records. */
  visitId?: number | null | undefined;
  /** The 宣讲/学习 session whose need this request records. */
  activitySessionId?: number | null | undefined;
};

/**
 * 登记: files a request for a resident (themself, or through an operator, a field worker or an integration).
 * The request row, its first event and its outbox message are written in one statement (shared with other
 * registrations arriving at the same moment, see ../intake.ts); with an Idempotency-Key a retry returns the
 * first result and writes nothing. Classification, duplicate lookup and auto-dispatch follow once it has
 * committed (../../triage/): the answer has no suggestions yet.
 */
export async function registerRequest(
  ctx: AppContext,
  opts: {
    actor: Actor;
    input: RegisterInput;
    channel: Channel;
    idempotencyKey?: string | undefined;
    apiKeyId?: number | null;
    /** Called in the registration's transaction once the request is written (not on an idempotent replay). */
    onCreated?: IntakeItem['onCreated'];
  } & RegisterOrigin,
): Promise<RegisterResult> {
  const { actor, input } = opts;
  const policy = registerPolicy(actor);
  if (policy === 'forbidden') throw new AppError('forbidden');
  // A hotline operator or a field worker always has the caller's phone; an integration may not (Open311).
  if (policy === 'on_behalf' && !input.reporter && actor.kind !== 'api_key') {
    throw new AppError('validation_failed', {
      issues: [{ path: 'reporter', message: 'reporter.phone is required' }],
    });
  }
  const item = await prepareRegistration(ctx, opts);
  const scope =
    actor.kind === 'user'
      ? `user:${actor.userId}`
      : actor.kind === 'api_key'
        ? `key:${actor.apiKeyId}`
        : 'system';
  const result = await intakeQueue(ctx.db).submit({
    ...item,
    onCreated: opts.onCreated,
    idempotency: opts.idempotencyKey
      ? {
          scope,
          key: opts.idempotencyKey,
          fingerprint: sha256(JSON.stringify(input)),
        }
      : undefined,
  });
  if (result.replayed) return { status: 200, request: result.request, replayed: true };
  ctx.triage.enqueue(ctx, [result.request]);
  return { status: 201, request: result.request, replayed: false };
}

/**
 * Checks a registration's references and builds its row and first event, without writing anything and
 * without the policy check (the caller has made its own: a visit, a community order). The reporter is optional
 * here: a community's order has none, and a need raised at an enterprise may have none.
 */
export async function prepareRegistration(
  ctx: AppContext,
  opts: { actor: Actor; input: RegisterInput; channel: Channel; apiKeyId?: number | null } & RegisterOrigin,
): Promise<IntakeItem> {
  const { actor, input } = opts;
  const j = actor.jurisdictionId;
  const ref = await referenceCache(ctx.db).get(j);
  const areaCode = await areaOfPlace(ctx, j, input);
  if (areaCode && !ref.areas.has(areaCode)) throw new AppError('unknown_reference', { area_code: areaCode });
  if (input.category_code && !ref.categories.has(input.category_code)) {
    throw new AppError('unknown_reference', { category_code: input.category_code });
  }
  const requester = opts.requesterDepartmentCode ?? null;
  if (requester && !ref.departments.has(requester))
    throw new AppError('unknown_reference', { requester_department_code: requester });

  const reporter = await resolveReporter(ctx, actor, input);
  const now = ctx.now();
  const titleNorm = normalise(input.title ?? '');
  const bodyNorm = normalise(input.body);
  return {
    row: {
      jurisdiction_id: j,
      channel: opts.channel,
      type: input.type ?? '求助',
      status: 'registered',
      title: input.title ?? '',
      title_norm: titleNorm,
      body: input.body,
      body_norm: bodyNorm,
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      address: input.address ?? null,
      area_code: areaCode,
      category_code: input.category_code ?? null,
      urgent: input.urgent ?? false,
      public_consent: input.public_consent ?? true,
      ...reporter,
      created_by_user_id: actorUserId(actor),
      api_key_id: opts.apiKeyId ?? (actor.kind === 'api_key' ? actor.apiKeyId : null),
      ...(requester ? { requester_department_code: requester } : {}),
      ...(opts.visitId ? { visit_id: opts.visitId } : {}),
      ...(opts.activitySessionId ? { activity_session_id: opts.activitySessionId } : {}),
      created_at: now,
      updated_at: now,
    },
    ticketPrefix: localDate(now, ref.timezone).replaceAll('-', ''),
    event: {
      actor_user_id: actorUserId(actor),
      actor_role: actorRole(actor),
      actor_label: actor.label,
      payload: {
        channel: opts.channel,
        ...(requester ? { requester_department_code: requester } : {}),
        ...(opts.visitId ? { visit_id: opts.visitId } : {}),
        ...(opts.activitySessionId ? { activity_session_id: opts.activitySessionId } : {}),
      },
    },
  };
}

/**
 * Writes prepared registrations inside the caller's transaction (a visit and the requests of its needs, a
 * community order and its dispatch, commit or fail together): the rows, their `register` events and their
 * outbox messages, as the intake queue writes them.
 */
export async function writeRegistrations(tx: Kysely<DB>, items: IntakeItem[]): Promise<RequestRow[]> {
  return (await writeIntakeBatch(tx, items)).map((r) => r.request);
}

async function resolveReporter(ctx: AppContext, actor: Actor, input: RegisterInput) {
  if (actor.kind === 'user' && registerPolicy(actor) === 'self') {
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
  const phone = knownPhone(input.reporter.phone);
  const name = input.reporter.name?.trim() || null;
  // The phone hash is the resident's identity: when the caller later logs in by phone, they see this request.
  return {
    reporter_user_id: null,
    reporter_phone_enc: ctx.vault.encrypt(phone),
    reporter_phone_hash: ctx.vault.hash(phone),
    reporter_phone_mask: maskPhone(phone),
    reporter_name_enc: name ? ctx.vault.encrypt(name) : null,
    reporter_name_mask: name ? maskName(name) : null,
  };
}
