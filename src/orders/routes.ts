import type { AppContext } from '../context.js';
import { answerCreation, idempotencyKey } from '../http/idempotency.js';
import { ensureAllowed, mayListOrders } from '../http/policies.js';
import { answerPage } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { requestItem } from '../requests/answers.js';
import { placeOrder } from './commands/place-order.js';
import { listOrders } from './queries.js';
import { OrderBody, OrdersQuery, RequestItem, RequestPage } from './schemas.js';

export function orderRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'POST',
    url: '/api/v1/orders',
    tag: 'orders',
    summary:
      '社区点单 A community orders a neighbourhood need from a department (dispatched at once when department_code is given); Idempotency-Key honoured',
    auth: 'actor',
    idempotent: true,
    body: OrderBody,
    response: { 201: RequestItem, 200: RequestItem },
    errors: [403, 409, 422],
    handler: async ({ actor, body, req, reply }) => {
      const result = await placeOrder(ctx, { actor, input: body, idempotencyKey: idempotencyKey(req) });
      answerCreation(reply, result);
      return requestItem(result.request, actor);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/orders',
    tag: 'orders',
    summary:
      '点单列表 Community orders visible to the caller: placed by their community or received by their department',
    auth: 'actor',
    query: OrdersQuery,
    response: { 200: RequestPage },
    errors: [403],
    handler: async ({ actor, query }) => {
      ensureAllowed(mayListOrders(actor));
      const { rows, total } = await listOrders(ctx, actor, query);
      return answerPage(
        rows.map((r) => requestItem(r, actor)),
        total,
        query,
      );
    },
  });
}
