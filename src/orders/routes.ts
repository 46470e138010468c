import type { AppContext } from '../context.js';
import { createsOnce, creation } from '../http/idempotency.js';
import { mayListOrders } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { requestItem, requestPage } from '../requests/answers.js';
import { placeOrder } from './commands/place-order.js';
import { listOrders } from './queries.js';
import { OrderBody, OrdersQuery, RequestItem, RequestPage } from './schemas.js';

export function orderRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('orders');

  route.post(
    '/api/v1/orders',
    '社区点单 A community orders a neighbourhood need from a department (dispatched at once when department_code is given); Idempotency-Key honoured',
    creation(OrderBody, RequestItem),
    createsOnce(
      ({ actor, body, idempotencyKey }) => placeOrder(ctx, { actor, input: body, idempotencyKey }),
      ({ request }, actor) => requestItem(request, actor),
    ),
  );

  route.get(
    '/api/v1/orders',
    '点单列表 Community orders visible to the caller: placed by their community or received by their department',
    { query: OrdersQuery, response: { 200: RequestPage }, allow: mayListOrders },
    async ({ actor, query }) => {
      const { rows, total } = await listOrders(ctx, actor, query);
      return requestPage(rows, total, actor, query);
    },
  );
}
