import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { requestVisibility } from '../http/policies.js';
import { findDuplicatesOf } from './duplicate-index.js';
import type { ApiRegistry } from '../http/route.js';
import { performAction } from './commands/perform-action.js';
import { registerRequest } from './commands/register.js';
import { listRequests, ListQuery } from './list.js';
import { presentRequest } from './presenter.js';
import { loadRequest, loadTimeline } from './queries.js';
import { ACTIONS, isAction, SYSTEM_ACTIONS } from './workflow.js';

export const MAX_BODY_CHARS = 4000;

const RegisterBody = z
  .object({
    body: z.string().trim().min(1).max(MAX_BODY_CHARS),
    title: z.string().trim().max(200).optional(),
    type: z.enum(['咨询', '求助', '投诉', '举报', '建议']).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    address: z.string().trim().max(300).optional(),
    area_code: z.string().min(1).max(100).optional(),
    category_code: z.string().min(1).max(100).optional(),
    urgent: z.boolean().optional(),
    reporter: z
      .object({ name: z.string().trim().max(50).optional(), phone: z.string().regex(/^\+?[\d\s-]{5,20}$/) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => (b.lat === undefined) === (b.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lon'],
  });

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const ActionParams = IdParams.extend({ action: z.string() });

export function requestRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'POST',
    url: '/api/v1/requests',
    tag: 'requests',
    summary: '登记诉求 Register a request (Idempotency-Key honoured)',
    auth: 'actor',
    body: RegisterBody,
    handler: async ({ actor, body, req, reply }) => {
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200)) {
        throw new AppError('validation_failed', {
          issues: [{ path: 'Idempotency-Key', message: '1–200 characters' }],
        });
      }
      const channel =
        actor.kind === 'api_key'
          ? 'app'
          : actor.kind === 'user' && actor.role === 'resident'
            ? 'web'
            : actor.kind === 'user' && actor.role === 'field_worker'
              ? 'visit'
              : 'hotline';
      const result = await registerRequest(ctx, { actor, input: body, channel, idempotencyKey: key });
      reply.code(result.status);
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return presentRequest(result.request, actor);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/requests',
    tag: 'requests',
    summary: '诉求列表 List requests visible to the caller',
    auth: 'actor',
    query: ListQuery,
    handler: async ({ actor, query }) => {
      const { rows, total } = await listRequests(ctx.db, actor, query, ctx.now());
      return {
        items: rows.map((r) => presentRequest(r, actor)),
        total,
        page: query.page,
        page_size: query.page_size,
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/requests/:id',
    tag: 'requests',
    summary: '诉求详情及时间线 A request with its timeline',
    auth: 'actor',
    params: IdParams,
    handler: async ({ actor, params }) => {
      const row = await loadRequest(ctx.db, actor.jurisdictionId, params.id, requestVisibility(actor));
      if (!row) throw new AppError('not_found');
      const presented = presentRequest(row, actor, await loadTimeline(ctx.db, actor.jurisdictionId, row.id));
      // The dispatcher deciding where it goes (or whether to merge it) sees its probable duplicates.
      const mayMerge = requestVisibility(actor).kind === 'all';
      if (!mayMerge || !['registered', 'returned', 'dispatched'].includes(row.status)) return presented;
      return {
        ...presented,
        duplicate_candidates: await findDuplicatesOf(ctx.db, actor.jurisdictionId, row.id, {
          now: ctx.now(),
        }),
      };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/requests/:id/actions/:action',
    tag: 'requests',
    summary: `办理动作 Perform a lifecycle action: ${ACTIONS.filter((a) => !SYSTEM_ACTIONS.includes(a)).join(', ')}`,
    auth: 'actor',
    params: ActionParams,
    handler: async ({ actor, params, req }) => {
      if (!isAction(params.action) || SYSTEM_ACTIONS.includes(params.action))
        throw new AppError('not_found', { action: params.action });
      const raw = (req.body ?? {}) as Record<string, unknown>;
      if (typeof raw !== 'object' || Array.isArray(raw))
        throw new AppError('validation_failed', { issues: [{ path: '', message: 'expected an object' }] });
      const { expected_version, ...rest } = raw;
      if (
        expected_version !== undefined &&
        !(Number.isInteger(expected_version) && (expected_version as number) > 0)
      ) {
        throw new AppError('validation_failed', {
          issues: [{ path: 'expected_version', message: 'a positive integer' }],
        });
      }
      const result = await performAction(ctx, {
        actor,
        requestId: params.id,
        action: params.action,
        input: rest,
        expectedVersion: expected_version as number | undefined,
      });
      const timeline = await loadTimeline(ctx.db, actor.jurisdictionId, result.request.id);
      return {
        ...presentRequest(result.request, actor, timeline),
        ...(result.reveal ? { contact: result.reveal } : {}),
      };
    },
  });
}
