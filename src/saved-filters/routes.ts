import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { mayKeepSavedFilters } from '../http/policies.js';
import { itemsOf, Ok } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { deleteFilter, saveFilter } from './commands/save-filter.js';
import { listSavedFilters } from './queries.js';
import { IdParams, SavedFilter, SavedFilterBody } from './schemas.js';

/** A member of staff (the policy has let only users through), who keeps their own filters. */
const keeper = (actor: Actor) => actor as Actor & { kind: 'user' };

export function savedFilterRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('requests');

  route.get(
    '/api/v1/saved-filters',
    '常用筛选 The caller’s saved filters of the request lists',
    { response: { 200: itemsOf(SavedFilter) }, allow: mayKeepSavedFilters },
    async ({ actor }) => ({ items: await listSavedFilters(ctx, keeper(actor)) }),
  );

  route.post(
    '/api/v1/saved-filters',
    '保存筛选 Save the filters of a request list under a name (one name per user)',
    { body: SavedFilterBody, response: { 201: SavedFilter }, errors: [409], allow: mayKeepSavedFilters },
    async ({ actor, body, reply }) => {
      const saved = await saveFilter(ctx, { actor: keeper(actor), name: body.name, filter: body.filter });
      reply.code(201);
      return saved;
    },
  );

  route.delete(
    '/api/v1/saved-filters/:id',
    '删除筛选 Delete one of the caller’s saved filters',
    { params: IdParams, response: { 200: Ok }, allow: mayKeepSavedFilters },
    async ({ actor, params }) => {
      await deleteFilter(ctx, { actor: keeper(actor), id: params.id });
      return { ok: true as const };
    },
  );
}
