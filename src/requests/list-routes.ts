import type { AppContext } from '../context.js';
import { idempotencyKey } from '../http/idempotency.js';
import { ensureAllowed, mayLookUpRequests } from '../http/policies.js';
import { itemsOf } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { performBatch } from './commands/batch-action.js';
import { lookUpRequests } from './lookup.js';
import { BatchAnswer, BatchBody, LookupItem, LookupQuery, MAX_BATCH } from './schemas.js';

/** What the lists of requests use besides the list itself: the ticket lookup and batch actions on selected rows. */
export function requestListRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'GET',
    url: '/api/v1/requests/lookup',
    tag: 'requests',
    summary:
      '工单查询 Find a request the caller may see by its ticket number or words of its text (at most 10)',
    auth: 'actor',
    query: LookupQuery,
    response: { 200: itemsOf(LookupItem) },
    errors: [403],
    handler: async ({ actor, query }) => {
      ensureAllowed(mayLookUpRequests(actor));
      return { items: await lookUpRequests(ctx, actor, query.q) };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/requests/batch',
    tag: 'requests',
    summary: `批量操作 One action (dispatch, supervise) on up to ${MAX_BATCH} requests, each on its own; the result per request (Idempotency-Key honoured)`,
    auth: 'actor',
    idempotent: true,
    body: BatchBody,
    response: { 200: BatchAnswer },
    errors: [409],
    handler: async ({ actor, body, req, reply }) => {
      const { answer, replayed } = await performBatch(ctx, {
        actor,
        action: body.action,
        ids: body.ids,
        input: body.input,
        idempotencyKey: idempotencyKey(req),
      });
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      return answer;
    },
  });
}
