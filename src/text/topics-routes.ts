import type { AppContext } from '../context.js';
import { periodOf } from '../http/inputs.js';
import { ensureAllowed, mayReadTopics } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { TopicsAnswer, TopicsQuery } from './schemas.js';
import { hotTopics, TopicsCache } from './topics-query.js';

const MINUTE = 60_000;

export function topicsRoutes(api: ApiRegistry, ctx: AppContext) {
  const cache = new TopicsCache(ctx);
  api.route({
    method: 'GET',
    url: '/api/v1/topics',
    tag: 'topics',
    summary:
      '热点话题 Hot topics of a period (keywords, size, trend against the previous period, areas) for 每月一题',
    auth: 'actor',
    query: TopicsQuery,
    response: { 200: TopicsAnswer },
    errors: [403, 422],
    handler: async ({ actor, query }) => {
      ensureAllowed(mayReadTopics(actor));
      // Whole minutes, so that reloading the default view hits the cache.
      const now = new Date(Math.floor(ctx.now().getTime() / MINUTE) * MINUTE);
      return hotTopics(cache, ctx, {
        jurisdictionId: actor.jurisdictionId,
        ...periodOf(query, { now, defaultDays: 30, maxDays: 366 }),
        areaCode: query.area,
        limit: query.limit,
      });
    },
  });
}
