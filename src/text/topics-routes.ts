import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import type { ApiRegistry } from '../http/route.js';
import { referenceCache } from '../routing/reference-cache.js';
import { TopicsCache } from './topics-query.js';

const DAY = 86_400_000;
const MAX_SPAN_DAYS = 366;

export const TopicsQuerySchema = z
  .object({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    area: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

/**
 * Who reads hot topics: supervisors (who pick 每月一题), dispatchers and admins. Belongs in src/http/policies.ts
 * (the one place where roles are checked) as `mayReadTopics`; kept here until it moves.
 */
export const mayReadTopics = (actor: Actor) =>
  actor.kind === 'user' && (['supervisor', 'dispatcher', 'admin'] as const).some((r) => r === actor.role);

export function topicsRoutes(api: ApiRegistry, ctx: AppContext) {
  const cache = new TopicsCache(ctx.db);
  api.route({
    method: 'GET',
    url: '/api/v1/topics',
    tag: 'topics',
    summary:
      '热点话题 Hot topics of a period (keywords, size, trend against the previous period, areas) for 每月一题',
    auth: 'actor',
    query: TopicsQuerySchema,
    handler: async ({ actor, query }) => {
      if (!mayReadTopics(actor)) throw new AppError('forbidden');
      // Whole minutes, so that reloading the default view hits the cache.
      const to = query.to ?? new Date(Math.floor(ctx.now().getTime() / 60_000) * 60_000);
      const from = query.from ?? new Date(to.getTime() - 30 * DAY);
      if (from >= to || to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY)
        throw new AppError('validation_failed', {
          issues: [{ path: 'from', message: `from must be before to, at most ${MAX_SPAN_DAYS} days apart` }],
        });
      if (query.area && !(await referenceCache(ctx.db).get(actor.jurisdictionId)).areas.has(query.area))
        throw new AppError('unknown_reference', { area: query.area });
      const result = await cache.get({
        jurisdictionId: actor.jurisdictionId,
        from,
        to,
        areaCode: query.area,
        limit: query.limit,
      });
      return { from: from.toISOString(), to: to.toISOString(), area: query.area ?? null, ...result };
    },
  });
}
