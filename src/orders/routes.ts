import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { requestVisibility } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { presentRequest } from '../requests/presenter.js';
import { visibleTo } from '../requests/queries.js';
import { MAX_BODY_CHARS } from '../requests/routes.js';
import { STATUSES } from '../requests/workflow.js';
import { placeOrder } from './commands/place-order.js';

const OrderBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(MAX_BODY_CHARS),
    type: z.enum(['咨询', '求助', '投诉', '举报', '建议']).optional(),
    department_code: z.string().min(1).max(100).optional(),
    category_code: z.string().min(1).max(100).optional(),
    area_code: z.string().min(1).max(100).optional(),
    address: z.string().trim().max(300).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    urgent: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.lat === undefined) === (b.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lon'],
  });

const ListQuery = z
  .object({
    /** placed: ordered by my community; received: ordered from my department; default both. */
    role: z.enum(['placed', 'received']).optional(),
    status: z
      .string()
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.enum(STATUSES)))
      .optional(),
    community: z.string().min(1).max(100).optional(),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

export function orderRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'POST',
    url: '/api/v1/orders',
    tag: 'orders',
    summary:
      '社区点单 A community orders a neighbourhood need from a department (dispatched at once when department_code is given); Idempotency-Key honoured',
    auth: 'actor',
    body: OrderBody,
    handler: async ({ actor, body, req, reply }) => {
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200))
        throw new AppError('validation_failed', {
          issues: [{ path: 'Idempotency-Key', message: '1–200 characters' }],
        });
      const result = await placeOrder(ctx, { actor, input: body, idempotencyKey: key });
      reply.code(result.status);
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return presentRequest(result.request, actor);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/orders',
    tag: 'orders',
    summary:
      '点单列表 Community orders visible to the caller: placed by their community or received by their department',
    auth: 'actor',
    query: ListQuery,
    handler: async ({ actor, query }) => {
      if (actor.kind === 'user' && actor.role === 'resident') throw new AppError('forbidden');
      let q = visibleTo(
        ctx.db
          .selectFrom('requests')
          .where('jurisdiction_id', '=', actor.jurisdictionId)
          .where('channel', '=', 'community'),
        requestVisibility(actor),
      );
      const mine = actor.kind === 'user' ? actor.departmentCode : null;
      if (query.role === 'placed') q = q.where('requester_department_code', '=', mine ?? '');
      if (query.role === 'received') q = q.where('department_code', '=', mine ?? '');
      if (query.community) q = q.where('requester_department_code', '=', query.community);
      if (query.status?.length) q = q.where('status', 'in', query.status);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .execute();
      return {
        items: rows.map((r) => presentRequest(r, actor)),
        total: Number(total.n),
        page: query.page,
        page_size: query.page_size,
      };
    },
  });
}
