import { sha256 } from '../../auth/tokens.js';
import type { AppContext } from '../../context.js';
import type { RequestRow, RequestType } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayPlaceOrder } from '../../http/policies.js';
import { applyAction } from '../../requests/commands/apply-action.js';
import { prepareRegistration, writeRegistrations } from '../../requests/commands/register.js';
import { getJurisdiction } from '../../routing/reference.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { claimKey, settleKey } from '../../http/idempotency.js';

export type OrderInput = {
  title: string;
  body: string;
  type?: RequestType | undefined;
  /** The department asked to respond; without it the order waits in the 12345 dispatchers' queue. */
  department_code?: string | undefined;
  category_code?: string | undefined;
  area_code?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  urgent?: boolean | undefined;
};

export type OrderResult = { status: 201 | 200; request: RequestRow; replayed: boolean };

/**
 * 社区点单: a community (its staff) orders a neighbourhood need from a department. The order is a request of
 * channel `community` with the community as requester (no resident, no personal data) in the community's
 * area; when it names a department it is dispatched to it at once, with the usual deadlines (the community
 * chose who responds), else it waits for a dispatcher. From there it follows the lifecycle; the community
 * sees it, follows up (rates the response) and may reopen it as a reporter would. Written in one transaction;
 * an Idempotency-Key makes a resubmission return the first order.
 */
export async function placeOrder(
  ctx: AppContext,
  opts: { actor: Actor; input: OrderInput; idempotencyKey?: string | undefined },
): Promise<OrderResult> {
  const { actor, input } = opts;
  const j = actor.jurisdictionId;
  const community =
    actor.kind === 'user' && actor.departmentCode
      ? await ctx.db
          .selectFrom('departments')
          .select(['code', 'kind', 'area_code'])
          .where('jurisdiction_id', '=', j)
          .where('code', '=', actor.departmentCode)
          .executeTakeFirst()
      : undefined;
  if (!mayPlaceOrder(actor, community?.kind ?? null) || !community || actor.kind !== 'user')
    throw new AppError('forbidden', { reason: 'orders are placed by the staff of a community' });
  if (input.department_code !== undefined) {
    if (input.department_code === community.code)
      throw new AppError('validation_failed', {
        issues: [{ path: 'department_code', message: 'a community cannot order from itself' }],
      });
    const target = await ctx.db
      .selectFrom('departments')
      .select(['code', 'active'])
      .where('jurisdiction_id', '=', j)
      .where('code', '=', input.department_code)
      .executeTakeFirst();
    if (!target?.active) throw new AppError('unknown_reference', { department_code: input.department_code });
  }
  const item = await prepareRegistration(ctx, {
    actor,
    channel: 'community',
    requesterDepartmentCode: community.code,
    input: {
      title: input.title,
      body: input.body,
      type: input.type ?? '求助',
      category_code: input.category_code,
      area_code:
        input.area_code ?? (input.lat === undefined ? (community.area_code ?? undefined) : undefined),
      address: input.address,
      lat: input.lat,
      lon: input.lon,
      urgent: input.urgent,
    },
  });
  await getJurisdiction(ctx.db, j);
  const reference = await referenceCache(ctx.db).get(j);
  const fingerprint = sha256(JSON.stringify(input));

  const result = await ctx.db.transaction().execute(async (tx): Promise<OrderResult> => {
    const k = opts.idempotencyKey
      ? { jurisdictionId: j, scope: `order:user:${actor.userId}`, key: opts.idempotencyKey, fingerprint }
      : null;
    if (k) {
      const prior = await claimKey<{ id: number }>(tx, k);
      if (prior) {
        const request = await tx
          .selectFrom('requests')
          .selectAll()
          .where('jurisdiction_id', '=', j)
          .where('id', '=', prior.replay.id)
          .executeTakeFirstOrThrow();
        return { status: 200, request, replayed: true };
      }
    }
    let [request] = await writeRegistrations(tx, [item]);
    if (input.department_code) {
      // The community chose the department: the order is dispatched as it is placed.
      ({ request } = await applyAction(ctx, tx, {
        actor,
        row: request!,
        action: 'dispatch',
        input: {
          department_code: input.department_code,
          ...(input.category_code ? { category_code: input.category_code } : {}),
        },
        extraPayload: { via: 'community_order', requester_department_code: community.code },
        reference,
      }));
    }
    if (k) await settleKey(tx, k, { id: request!.id });
    return { status: 201, request: request!, replayed: false };
  });
  if (!result.replayed) ctx.triage.enqueue(ctx, [result.request]);
  return result;
}
