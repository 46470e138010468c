import type { AppContext } from '../context.js';
import { createsOnce } from '../http/idempotency.js';
import { mayLookUpRequests, mayMapRequests } from '../http/policies.js';
import { itemsOf } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { performBatch } from './commands/batch-action.js';
import { lookUpRequests } from './lookup.js';
import { requestPins } from './pins.js';
import {
  BatchAnswer,
  BatchBody,
  LookupItem,
  LookupQuery,
  MAX_BATCH,
  PinsQuery,
  RequestPins,
} from './schemas.js';

/**
 * What the lists of requests use besides the list itself: the ticket lookup, batch actions on selected rows and
 * the map's pins beside a list.
 */
export function requestListRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('requests');

  route.get(
    '/api/v1/requests/lookup',
    '工单查询 Find a request the caller may see by its ticket number or words of its text (at most 10)',
    { query: LookupQuery, response: { 200: itemsOf(LookupItem) }, allow: mayLookUpRequests },
    async ({ actor, query }) => ({ items: await lookUpRequests(ctx, actor, query.q) }),
  );

  route.get(
    '/api/v1/requests/pins',
    '地图点位 The requests placed in a map view that match the list’s filters, the newest `limit` of them, and how many in all',
    { query: PinsQuery, response: { 200: RequestPins }, allow: mayMapRequests },
    ({ actor, query }) => requestPins(ctx, actor, query, ctx.now()),
  );

  route.post(
    '/api/v1/requests/batch',
    `批量操作 One action (dispatch, supervise) on up to ${MAX_BATCH} requests, each on its own; the result per request (Idempotency-Key honoured)`,
    { idempotent: true, body: BatchBody, response: { 200: BatchAnswer }, errors: [409] },
    createsOnce(
      async ({ actor, body, idempotencyKey }) => {
        const { answer, replayed } = await performBatch(ctx, { actor, ...body, idempotencyKey });
        return { status: 200 as const, replayed, answer };
      },
      ({ answer }) => answer,
    ),
  );
}
