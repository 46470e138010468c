import type { AppContext } from '../context.js';
import { periodOf } from '../http/inputs.js';
import { mayReadTopics } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { TopicsAnswer, TopicsQuery } from './schemas.js';
import { hotTopics, TopicsCache } from './topics-query.js';

const MINUTE = 60_000;

export function topicsRoutes(api: ApiRegistry, ctx: AppContext) {
  const cache = new TopicsCache(ctx);
  const route = api.feature('topics');
  route.get(
    '/api/v1/topics',
    '热点话题 Hot topics of a period (keywords, size, trend against the previous period, areas) for 每月一题',
    { query: TopicsQuery, response: { 200: TopicsAnswer }, errors: [422], allow: mayReadTopics },
    async ({ actor, query }) => {
      // Whole minutes, so that reloading the default view hits the cache.
      const now = new Date(Math.floor(ctx.now().getTime() / MINUTE) * MINUTE);
      return hotTopics(cache, ctx, {
        jurisdictionId: actor.jurisdictionId,
        ...periodOf(query, { now, defaultDays: 30, maxDays: 366 }),
        areaCode: query.area,
        limit: query.limit,
      });
    },
  );
}
