import type { AppContext } from '../context.js';
import { ensureAllowed, mayLookUpRequests } from '../http/policies.js';
import { itemsOf } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { lookUpRequests } from './lookup.js';
import { LookupItem, LookupQuery } from './schemas.js';

export function requestLookupRoutes(api: ApiRegistry, ctx: AppContext) {
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
}
