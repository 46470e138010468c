import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { ensureAllowed, mayKeepSavedFilters } from '../http/policies.js';
import { itemsOf, Ok } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { deleteFilter, saveFilter } from './commands/save-filter.js';
import { listSavedFilters } from './queries.js';
import { IdParams, SavedFilter, SavedFilterBody } from './schemas.js';

/** A member of staff, who keeps their own filters. */
function keeper(actor: Actor): Actor & { kind: 'user' } {
  ensureAllowed(mayKeepSavedFilters(actor));
  return actor as Actor & { kind: 'user' };
}

export function savedFilterRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'GET',
    url: '/api/v1/saved-filters',
    tag: 'requests',
    summary: '常用筛选 The caller’s saved filters of the request lists',
    auth: 'actor',
    response: { 200: itemsOf(SavedFilter) },
    errors: [403],
    handler: async ({ actor }) => ({ items: await listSavedFilters(ctx, keeper(actor)) }),
  });

  api.route({
    method: 'POST',
    url: '/api/v1/saved-filters',
    tag: 'requests',
    summary: '保存筛选 Save the filters of a request list under a name (one name per user)',
    auth: 'actor',
    body: SavedFilterBody,
    response: { 201: SavedFilter },
    errors: [403, 409],
    handler: async ({ actor, body, reply }) => {
      const saved = await saveFilter(ctx, { actor: keeper(actor), name: body.name, filter: body.filter });
      reply.code(201);
      return saved;
    },
  });

  api.route({
    method: 'DELETE',
    url: '/api/v1/saved-filters/:id',
    tag: 'requests',
    summary: '删除筛选 Delete one of the caller’s saved filters',
    auth: 'actor',
    params: IdParams,
    response: { 200: Ok },
    errors: [403],
    handler: async ({ actor, params }) => {
      await deleteFilter(ctx, { actor: keeper(actor), id: params.id });
      return { ok: true as const };
    },
  });
}
